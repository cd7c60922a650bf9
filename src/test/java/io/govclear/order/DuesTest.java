package io.govclear.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.catalog.AmountStandard;
import io.govclear.catalog.Catalog;
import io.govclear.catalog.Destination;
import io.govclear.catalog.ItemCategory;
import io.govclear.catalog.LateFeeRule;
import io.govclear.order.repository.StoredOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuesTest {

    private static final LocalDate DUE = LocalDate.of(2026, 12, 8);
    private static final Catalog CATALOG = new Catalog(Map.of(), Map.of(), Map.of(
            1L, item(1, LateFeeRule.FINE, 300, true),
            2L, item(2, LateFeeRule.NONE, 0, false)));

    @Test
    void eachLineHasItsOwnLateFeeAndTheTotalAddsThemToThePrincipal() {
        Dues dues = Dues.of(bill(OrderStatus.UNPAID, null), CATALOG, DUE.plusDays(10));
        assertThat(dues.lines()).extracting(Dues.Line::lateFeeFen).containsExactly(6000L, 0L);
        assertThat(dues.lateFeeFen()).isEqualTo(6000);
        assertThat(dues.totalDueFen()).isEqualTo(30000 + 6000);
        assertThat(dues.overdueDays()).isEqualTo(10);
    }

    @Test
    void aBillThatIsNoLongerUnpaidOwesNothing() {
        Dues dues = Dues.of(bill(OrderStatus.PAID, null), CATALOG, DUE.plusDays(10));
        assertThat(dues.lines()).extracting(Dues.Line::lateFeeFen).containsExactly(0L, 0L);
        assertThat(dues.lateFeeFen()).isZero();
        assertThat(dues.totalDueFen()).isZero();
        assertThat(dues.overdueDays()).isZero();
    }

    @Test
    void payableWhileUnpaidUpToAndIncludingThePayableUntilDate() {
        assertThat(Payability.payable(bill(OrderStatus.UNPAID, null), DUE.plusDays(3650))).isTrue();
        assertThat(Payability.payable(bill(OrderStatus.UNPAID, DUE.plusDays(5)), DUE.plusDays(5))).isTrue();
        assertThat(Payability.payable(bill(OrderStatus.UNPAID, DUE.plusDays(5)), DUE.plusDays(6))).isFalse();
        assertThat(Payability.payable(bill(OrderStatus.PAID, null), DUE)).isFalse();
        assertThat(Payability.payable(bill(OrderStatus.EXPIRED, null), DUE)).isFalse();
    }

    private static StoredOrder bill(OrderStatus status, LocalDate payableUntil) {
        return new StoredOrder(1, "code", 1, "X-1", new byte[0], status, 30000, DUE, payableUntil, null, null, null,
                null, Instant.EPOCH, List.of(new StoredOrder.Line(1, 1, 20000), new StoredOrder.Line(2, 2, 10000)));
    }

    private static Catalog.Item item(long id, LateFeeRule rule, int bpPerDay, boolean capped) {
        return new Catalog.Item(id, 1, "ITEM-" + id, "item " + id, ItemCategory.FINE, AmountStandard.FREE, null, null,
                null, rule, bpPerDay, capped, Destination.TREASURY, "103", 0, 0, 0, 0, 10000, true, 1,
                java.time.LocalDate.of(2000, 1, 1));
    }
}
