package io.govclear.reminder;

import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.Yuan;
import io.govclear.order.Dues;
import io.govclear.order.Payability;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.rest.OrderViews;
import io.govclear.order.service.Bills;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The daily reminder job: every unpaid, still payable bill whose due date is at most N days away gets a reminder
 * (DUE_SOON), and once the due date has passed an overdue notice (OVERDUE) stating the late fee as of that day. Each
 * is queued in message_outbox as the exact text that would be sent, with the recipient masked; the unique key
 * (bill, kind) means each bill gets each kind at most once, however many instances run the job at once.
 */
@Singleton
public class Reminders {

    @Inject Bills bills;
    @Inject MessageOutbox outbox;
    @Inject OrderViews views;
    @Inject CatalogService catalog;
    @Inject Clock clock;
    @Inject RemindersConfig config;

    @Scheduled(cron = "${govclear.reminders.cron}", timeZone = Clocks.BUSINESS_ZONE_ID, identity = "reminders",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return queueDue().replaceWithVoid();
    }

    /** Queues what is due today (Asia/Shanghai); returns how many messages were newly queued. */
    public Uni<Integer> queueDue() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        return queueAfter(0, today, now);
    }

    private Uni<Integer> queueAfter(long afterId, LocalDate today, Instant now) {
        return bills.unpaidDueBy(today.plusDays(config.daysBefore()), false, afterId, config.batchSize())
                .chain(page -> page.isEmpty() ? Uni.createFrom().item(0)
                        : queue(page, today, now).chain(queued -> queueAfter(page.get(page.size() - 1).id(), today,
                                now).map(more -> queued + more)));
    }

    private Uni<Integer> queue(List<StoredOrder> page, LocalDate today, Instant now) {
        List<StoredOrder> due = page.stream()
                .filter(o -> o.payerPhoneMasked() != null && Payability.payable(o, today))
                .toList();
        int n = due.size();
        Long[] ids = new Long[n];
        String[] kinds = new String[n];
        String[] recipients = new String[n];
        String[] texts = new String[n];
        Long[] fees = new Long[n];
        Long[] totals = new Long[n];
        for (int i = 0; i < n; i++) {
            StoredOrder order = due.get(i);
            Dues dues = Dues.of(order, catalog.current(), today);
            MessageKind kind = order.dueDate().isBefore(today) ? MessageKind.OVERDUE : MessageKind.DUE_SOON;
            ids[i] = order.id();
            kinds[i] = kind.name();
            recipients[i] = order.payerPhoneMasked();
            texts[i] = text(kind, order, dues, today);
            fees[i] = dues.lateFeeFen();
            totals[i] = dues.totalDueFen();
        }
        return outbox.queue(today, now, ids, kinds, recipients, texts, fees, totals);
    }

    /** The SMS text: unit, payment code, amount due today (late fee included) and where to pay. */
    String text(MessageKind kind, StoredOrder order, Dues dues, LocalDate today) {
        String unit = catalog.current().unit(order.unitId()).name();
        String fee = dues.lateFeeFen() > 0 ? "（含滞纳金" + Yuan.format(dues.lateFeeFen()) + "元，逾期每日递增）" : "";
        String pay = "。缴款码" + order.paymentCode() + "，缴费：" + views.payUrl(order);
        return switch (kind) {
            case DUE_SOON -> "【" + unit + "】您有一笔非税缴款应于" + order.dueDate() + "前缴纳，应缴"
                    + Yuan.format(dues.totalDueFen()) + "元" + pay;
            case OVERDUE -> "【" + unit + "】您有一笔非税缴款已逾期" + dues.overdueDays() + "天，截至" + today + "应缴"
                    + Yuan.format(dues.totalDueFen()) + "元" + fee + pay;
        };
    }
}
