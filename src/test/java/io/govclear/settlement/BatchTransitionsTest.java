package io.govclear.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settlement batch's edges live twice, in BatchStatus.MACHINE and in settlement_batch_transition: the same. */
@QuarkusTest
class BatchTransitionsTest {

    @Test
    void theDatabaseTableHoldsExactlyTheMachinesEdges() {
        Set<String> machine = new HashSet<>();
        for (BatchStatus from : BatchStatus.values()) {
            for (BatchStatus to : BatchStatus.MACHINE.next(from)) {
                machine.add(from + "→" + to);
            }
        }
        Set<String> table = new HashSet<>();
        Db.pool().query("SELECT from_status, to_status FROM settlement_batch_transition").execute()
                .await().indefinitely()
                .forEach(r -> table.add(r.getString(0) + "→" + r.getString(1)));
        assertThat(table).isEqualTo(machine).hasSize(4);
    }
}
