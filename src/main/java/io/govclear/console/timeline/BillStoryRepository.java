package io.govclear.console.timeline;

import io.govclear.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/** The view bill_event (V16): everything that happened to one bill, from every feature's tables, oldest first. */
@Singleton
public class BillStoryRepository {

    /** One thing that happened: when, what kind (ISSUED, STATUS, CHECKOUT, NOTIFY, LEDGER, …), who, and what. */
    public record Event(Instant at, String kind, String actor, String detail) {
    }

    @Inject Pool pool;

    public Uni<List<Event>> of(long orderId) {
        return pool.preparedQuery("SELECT at, kind, actor, detail FROM bill_event WHERE order_id = $1"
                        + " ORDER BY at, kind")
                .execute(Tuple.of(orderId))
                .map(rows -> Rows.list(rows, r -> new Event(Rows.instant(r, "at"), r.getString("kind"),
                        r.getString("actor"), r.getString("detail"))));
    }
}
