package io.govclear.order.rest;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.order.Dues;
import io.govclear.order.Payability;
import io.govclear.order.repository.StoredOrder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;

/**
 * Turns stored bills into responses, with what they owe as of today (the engine's clock) from {@link Dues} and
 * whether they can be paid from {@link Payability}: formatting only.
 */
@Singleton
public class OrderViews {

    @Inject CatalogService catalog;
    @Inject GovClearConfig config;

    /** The unit's view; {@code payments} (attempts) is null where a listing leaves it out. */
    public OrderResponse order(StoredOrder order, LocalDate today, List<?> payments) {
        return order(order, today, payments, payments == null ? null : List.of());
    }

    /** The unit's view with the bill's attempts and refunds (both null where a listing leaves them out). */
    public OrderResponse order(StoredOrder order, LocalDate today, List<?> payments, List<?> refunds) {
        Dues dues = Dues.of(order, catalog.current(), today);
        return new OrderResponse(order.paymentCode(), order.unitOrderNo(), order.status().name(),
                order.principalFen(), dues.lateFeeFen(), dues.totalDueFen(), order.dueDate(), order.payableUntil(),
                dues.overdueDays(), order.description(), lines(dues), payer(order), payUrl(order),
                order.createdAt().atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime(),
                payments == null ? null : List.copyOf(payments), refunds == null ? null : List.copyOf(refunds));
    }

    public BillResponse bill(StoredOrder order, LocalDate today) {
        Catalog snapshot = catalog.current();
        Dues dues = Dues.of(order, snapshot, today);
        Catalog.Unit unit = snapshot.unit(order.unitId());
        return new BillResponse(order.paymentCode(), order.status().name(), unit(unit), lines(dues), payer(order),
                order.principalFen(), dues.lateFeeFen(), dues.totalDueFen(), order.dueDate(), order.payableUntil(),
                dues.overdueDays(), order.description(), Payability.payable(order, today));
    }

    public String payUrl(StoredOrder order) {
        return config.publicBaseUrl() + "/pay/" + order.paymentCode();
    }

    /** The lines of a bill's dues, each with its item and late fee. */
    public static List<OrderResponse.LineResponse> lines(Dues dues) {
        return dues.lines().stream()
                .map(l -> new OrderResponse.LineResponse(l.lineNo(), l.item().code(), l.item().name(),
                        l.item().versionNo(), l.item().effectiveFrom(), l.item().category().name(), l.amountFen(),
                        l.lateFeeFen()))
                .toList();
    }

    /** The collecting unit as a bill shows it. */
    public static BillResponse.UnitResponse unit(Catalog.Unit unit) {
        return new BillResponse.UnitResponse(unit.code(), unit.name());
    }

    private static OrderResponse.PayerResponse payer(StoredOrder order) {
        return new OrderResponse.PayerResponse(order.payerNameMasked(), order.payerIdMasked(),
                order.payerPhoneMasked());
    }
}
