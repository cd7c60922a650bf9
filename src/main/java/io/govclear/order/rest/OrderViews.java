package io.govclear.order.rest;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.order.LateFees;
import io.govclear.order.OrderStatus;
import io.govclear.order.repository.StoredOrder;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Turns stored bills into responses, with the late fee as of today (the engine's clock) while unpaid. */
@Singleton
public class OrderViews {

    private final CatalogService catalog;
    private final GovClearConfig config;

    public OrderViews(CatalogService catalog, GovClearConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    /** The unit's view; {@code payments} (attempts) is null where a listing leaves it out. */
    public OrderResponse order(StoredOrder order, LocalDate today, List<?> payments) {
        return order(order, today, payments, payments == null ? null : List.of());
    }

    /** The unit's view with the bill's attempts and refunds (both null where a listing leaves them out). */
    public OrderResponse order(StoredOrder order, LocalDate today, List<?> payments, List<?> refunds) {
        Dues dues = dues(order, today);
        return new OrderResponse(order.paymentCode(), order.unitOrderNo(), order.status().name(),
                order.principalFen(), dues.lateFeeFen(), dues.totalDueFen(), order.dueDate(), order.payableUntil(),
                dues.overdueDays(), order.description(), dues.lines(), payer(order), payUrl(order),
                order.createdAt().atZone(Clocks.BUSINESS_ZONE).toOffsetDateTime(),
                payments == null ? null : List.copyOf(payments), refunds == null ? null : List.copyOf(refunds));
    }

    public BillResponse bill(StoredOrder order, LocalDate today) {
        Dues dues = dues(order, today);
        Catalog.Unit unit = catalog.current().unit(order.unitId());
        return new BillResponse(order.paymentCode(), order.status().name(),
                new BillResponse.UnitResponse(unit.code(), unit.name()), dues.lines(), payer(order),
                order.principalFen(), dues.lateFeeFen(), dues.totalDueFen(), order.dueDate(), order.payableUntil(),
                dues.overdueDays(), order.description(), payable(order, today));
    }

    /** The late fee due today, as frozen into a new payment attempt. */
    public long lateFeeFen(StoredOrder order, LocalDate today) {
        return dues(order, today).lateFeeFen();
    }

    /** Unpaid, and not past its payable-until date. */
    public static boolean payable(StoredOrder order, LocalDate today) {
        return order.status() == OrderStatus.UNPAID
                && (order.payableUntil() == null || !today.isAfter(order.payableUntil()));
    }

    public String payUrl(StoredOrder order) {
        return config.publicBaseUrl() + "/pay/" + order.paymentCode();
    }

    private record Dues(List<OrderResponse.LineResponse> lines, long lateFeeFen, long totalDueFen,
            long overdueDays) {
    }

    /** Late fees per line while the bill is unpaid; nothing is due on a bill in any other status. */
    private Dues dues(StoredOrder order, LocalDate today) {
        boolean unpaid = order.status() == OrderStatus.UNPAID;
        Catalog snapshot = catalog.current();
        List<OrderResponse.LineResponse> lines = new ArrayList<>(order.lines().size());
        long lateFee = 0;
        for (StoredOrder.Line line : order.lines()) {
            Catalog.Item item = snapshot.item(line.itemId());
            long fee = unpaid ? LateFees.lateFeeFen(item.lateFeeRule(), item.lateFeeBpPerDay(), item.lateFeeCapped(),
                    line.amountFen(), order.dueDate(), today) : 0;
            lateFee += fee;
            lines.add(new OrderResponse.LineResponse(line.lineNo(), item.code(), item.name(), item.category().name(),
                    line.amountFen(), fee));
        }
        return new Dues(lines, lateFee, unpaid ? order.principalFen() + lateFee : 0,
                unpaid ? LateFees.overdueDays(order.dueDate(), today) : 0);
    }

    private static OrderResponse.PayerResponse payer(StoredOrder order) {
        return new OrderResponse.PayerResponse(order.payerNameMasked(), order.payerIdMasked(),
                order.payerPhoneMasked());
    }
}
