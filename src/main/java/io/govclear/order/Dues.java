package io.govclear.order;

import io.govclear.catalog.Catalog;
import io.govclear.order.repository.StoredOrder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a bill owes on a business day: each line's late fee ({@link LateFees}), their sum, the total due and the
 * overdue days. Only an unpaid bill owes anything; in any other status the late fees, total and overdue days are 0.
 */
public record Dues(List<Line> lines, long lateFeeFen, long totalDueFen, long overdueDays) {

    /** One charge line with its catalogue item and its own late fee. */
    public record Line(int lineNo, Catalog.Item item, long amountFen, long lateFeeFen) {
    }

    /** The bill's dues on {@code today}, with the late fee rules of its items in {@code catalog}. */
    public static Dues of(StoredOrder order, Catalog catalog, LocalDate today) {
        boolean unpaid = order.status() == OrderStatus.UNPAID;
        List<Line> lines = new ArrayList<>(order.lines().size());
        long lateFee = 0;
        for (StoredOrder.Line line : order.lines()) {
            Catalog.Item item = catalog.item(line.itemId());
            long fee = unpaid ? LateFees.lateFeeFen(item.lateFeeRule(), item.lateFeeBpPerDay(), item.lateFeeCapped(),
                    line.amountFen(), order.dueDate(), today) : 0;
            lateFee += fee;
            lines.add(new Line(line.lineNo(), item, line.amountFen(), fee));
        }
        return new Dues(List.copyOf(lines), lateFee, unpaid ? order.principalFen() + lateFee : 0,
                unpaid ? LateFees.overdueDays(order.dueDate(), today) : 0);
    }
}
