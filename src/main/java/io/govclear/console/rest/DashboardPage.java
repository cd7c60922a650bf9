package io.govclear.console.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.alert.AlertService;
import io.govclear.catalog.CatalogService;
import io.govclear.common.Clocks;
import io.govclear.common.Yuan;
import io.govclear.console.dashboard.DashboardRepository;
import io.govclear.console.session.ConsoleForms;
import io.govclear.reconciliation.ReconciliationService;
import io.govclear.refund.RefundStatus;
import io.govclear.refund.service.RefundService;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
import io.govclear.security.UnitScope;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The console's start page: today, yesterday and the last 30 days — collected, refunded, net, count — by channel and
 * by charge category, the success rate and the notify delay (payer paid → payment booked) per channel, and (for finance staff) what waits for a decision or an acknowledgement (refunds, discrepancies, alerts). Every figure
 * links to the bill list it counts. Figures come from daily_figure, never from the live bills; a UNIT_OFFICER's are
 * their units' only.
 */
@Path("/console")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
public class DashboardPage {

    /** A period's headline figures, and the bill list they count. */
    public record Period(String name, String collected, String refunded, String net, long count, String link) {
    }

    /** One row of a breakdown (by channel or by category). */
    public record Breakdown(String name, String collected, long count, String refunded, String successRate,
            String notifyDelay, String link) {
    }

    @Inject SecurityIdentity identity;
    @Inject DashboardRepository figures;
    @Inject CatalogService catalog;
    @Inject ReconciliationService reconciliation;
    @Inject RefundService refunds;
    @Inject AlertService alerts;
    @Inject ConsolePages pages;
    @Inject ObjectMapper json;
    @Inject Clock clock;
    @Inject @Location("console/dashboard.html") Template dashboard;

    @GET
    public Uni<TemplateInstance> show() {
        StaffUser user = Callers.staff(identity);
        Set<Long> units = UnitScope.ids(user, catalog.current());
        LocalDate today = LocalDate.now(clock.withZone(Clocks.BUSINESS_ZONE));
        LocalDate monthAgo = today.minusDays(29);
        Uni<Long> awaitingDecision = user.scoped() ? Uni.createFrom().item(0L) : reconciliation.awaitingDecision();
        Uni<Long> awaitingApproval = user.scoped() ? Uni.createFrom().item(0L)
                : refunds.list(RefundStatus.REQUESTED).map(list -> list.stream().filter(r -> r.needsApproval())
                        .count());
        Uni<Long> openAlerts = user.scoped() ? Uni.createFrom().item(0L) : alerts.countOpen();
        // the headline periods are sums of the chart's days: two queries in all
        return figures.figures(monthAgo, today, units).chain(month -> figures.days(monthAgo, today, units)
                .chain(days -> awaitingDecision.chain(decisions -> awaitingApproval.chain(approvals -> openAlerts
                        .map(alerted -> pages.page(
                        dashboard.data("periods", List.of(period("今日", days, today, today),
                                        period("昨日", days, today.minusDays(1), today.minusDays(1)),
                                        period("近30日", days, monthAgo, today)))
                                .data("byChannel", breakdown(month, DashboardRepository.Figure::channel, "channel",
                                        monthAgo, today))
                                .data("byCategory", breakdown(month, DashboardRepository.Figure::category, null,
                                        monthAgo, today))
                                .data("finance", !user.scoped())
                                .data("discrepancies", decisions)
                                .data("approvals", approvals)
                                .data("alerts", alerted)
                                .data("chart", chart(days, monthAgo, today)), identity))))));
    }

    /** A period's headline: the days {@code from}..{@code to} of the chart's days. */
    private static Period period(String name, List<DashboardRepository.Day> days, LocalDate from, LocalDate to) {
        List<DashboardRepository.Day> in = days.stream()
                .filter(d -> !d.date().isBefore(from) && !d.date().isAfter(to)).toList();
        long paid = in.stream().mapToLong(DashboardRepository.Day::paidFen).sum();
        long refunded = in.stream().mapToLong(DashboardRepository.Day::refundFen).sum();
        long count = in.stream().mapToLong(DashboardRepository.Day::paidCount).sum();
        return new Period(name, Yuan.format(paid), Yuan.format(refunded), Yuan.format(paid - refunded), count,
                "/console/bills?paidFrom=" + from + "&paidTo=" + to);
    }

    /** Sums by {@code key}; a channel row links to the list of that channel's bills paid in the period. */
    private static List<Breakdown> breakdown(List<DashboardRepository.Figure> figures,
            Function<DashboardRepository.Figure, String> key, String linkParam, LocalDate from, LocalDate to) {
        Map<String, List<DashboardRepository.Figure>> grouped = figures.stream()
                .collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
        return grouped.entrySet().stream().map(e -> {
            long paid = e.getValue().stream().mapToLong(DashboardRepository.Figure::paidFen).sum();
            long count = e.getValue().stream().mapToLong(DashboardRepository.Figure::paidCount).sum();
            long attempts = e.getValue().stream().mapToLong(DashboardRepository.Figure::attempts).sum();
            long refunded = e.getValue().stream().mapToLong(DashboardRepository.Figure::refundFen).sum();
            String rate = attempts == 0 ? "—" : String.format("%.1f%%", 100.0 * count / attempts);
            long delayed = e.getValue().stream().mapToLong(DashboardRepository.Figure::delayCount).sum();
            long delayMs = e.getValue().stream().mapToLong(DashboardRepository.Figure::delayMsSum).sum();
            String delay = delayed == 0 ? "—" : String.format("%.1f 秒", delayMs / 1000.0 / delayed);
            String link = "/console/bills?paidFrom=" + from + "&paidTo=" + to
                    + (linkParam == null ? "" : "&" + linkParam + "=" + e.getKey());
            return new Breakdown(e.getKey(), Yuan.format(paid), count, Yuan.format(refunded), rate, delay, link);
        }).toList();
    }

    /** The chart's data (every day of the range, empty days included) as JSON for the page's script. */
    private String chart(List<DashboardRepository.Day> days, LocalDate from, LocalDate to) {
        Map<LocalDate, DashboardRepository.Day> byDate = days.stream()
                .collect(Collectors.toMap(DashboardRepository.Day::date, d -> d));
        Map<String, Object> data = new LinkedHashMap<>();
        List<LocalDate> range = from.datesUntil(to.plusDays(1)).toList();
        data.put("days", range.stream().map(LocalDate::toString).toList());
        data.put("collected", range.stream().map(d -> byDate.containsKey(d) ? byDate.get(d).paidFen() / 100.0 : 0)
                .toList());
        data.put("refunded", range.stream().map(d -> byDate.containsKey(d) ? byDate.get(d).refundFen() / 100.0 : 0)
                .toList());
        try {
            // inside a <script type="application/json">: a "</" in the data could close the element
            return json.writeValueAsString(data).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
