package io.govclear.report.rest;

import io.govclear.audit.AuditLog;
import io.govclear.common.QueryParams;
import io.govclear.common.Transactions;
import io.govclear.report.RevenueExport;
import io.govclear.report.RevenueReport;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Revenue reports from closed days (README "Reports"): JSON a page at a time, or the whole as CSV or XLSX. */
@Path("/api/v1/reports/revenue")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Tag(name = "Reports", description = "Revenue by unit, item, budget level, channel and destination")
public class ReportResource {

    /** A page of the report with its totals and which days of the range it covers. */
    public record ReportView(LocalDate from, LocalDate to, String groupBy, List<LocalDate> closedDays,
            List<LocalDate> notClosedDays, RevenueReport.Totals totals, int page, boolean more,
            List<RevenueReport.Line> rows) {
    }

    /** What a report is answered as (the parameter's values). */
    public enum Format {
        json, csv, xlsx
    }

    @Inject RevenueReport reports;
    @Inject AuditLog audit;
    @Inject Transactions transactions;
    @Inject SecurityIdentity identity;
    @Inject Clock clock;

    @GET
    @Blocking
    @Produces({ MediaType.APPLICATION_JSON, "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    @Operation(summary = "Revenue of the closed days from..to (to defaults to from), grouped by groupBy (unit,item by"
            + " default; any of date, unit, item, budgetLevel, channel, destination); format json (page of 50),"
            + " csv or xlsx (every row, streamed)")
    public Response revenue(@RestQuery String from, @RestQuery String to, @RestQuery String groupBy,
            @RestQuery String format, @RestQuery String page) {
        RevenueReport.Query q = RevenueReport.query(from, to, groupBy);
        Format as = Objects.requireNonNullElse(QueryParams.oneOf("format", format, Format.class), Format.json);
        if (as == Format.json) {
            int p = QueryParams.integer("page", page, 1, 1, 100_000);
            // one method for the three formats, so blocking (see export): the JSON page is awaited on this worker
            return Response.ok(view(q, p).await().indefinitely(), MediaType.APPLICATION_JSON).build();
        }
        return export(q, as, Callers.staff(identity).username());
    }

    /** A page of the report, with its totals and coverage. */
    public Uni<ReportView> view(RevenueReport.Query q, int page) {
        return reports.days(q).chain(days -> view(q, page, days));
    }

    /** A page of the report over its days as read. */
    public Uni<ReportView> view(RevenueReport.Query q, int page, RevenueReport.Days days) {
        return reports.page(q, page).map(rows -> new ReportView(q.from(), q.to(), q.groupByParam(),
                days.closedDates(), days.notClosed(), days.totals(), page, rows.size() > RevenueReport.PAGE_SIZE,
                rows.subList(0, Math.min(rows.size(), RevenueReport.PAGE_SIZE))));
    }

    /**
     * The whole report as a file, its export audited first. Call on a worker thread, and keep the answer there: the
     * file is written as its rows are read from the cursor, which blocks (StreamingOutput on this thread), so the
     * audit and the days are awaited here rather than chained onto the event loop.
     */
    public Response export(RevenueReport.Query q, Format format, String who) {
        RevenueReport.Days days = audit.append(transactions.autoCommit(), clock.instant(), who, "REPORT_EXPORTED",
                        "REVENUE_REPORT", q.from() + ".." + q.to(), Map.of("groupBy", q.groupByParam(), "format",
                                format.name()))
                .chain(() -> reports.days(q)).await().indefinitely();
        // two pages ahead at most (the default would read 256 pages ahead of the writer into the heap)
        Iterable<List<RevenueReport.Line>> pages = reports.stream(q).subscribe()
                .asIterable(2, () -> new java.util.concurrent.ArrayBlockingQueue<>(2));
        if (format == Format.csv) {
            return RevenueExport.csv(q, pages);
        }
        String title = "收入报表 " + q.from() + (q.to().equals(q.from()) ? "" : " 至 " + q.to()) + "（已日结 "
                + days.closed().size() + " 天" + (days.notClosed().isEmpty() ? "" : "，未日结 "
                + days.notClosed().size() + " 天未计入") + "）";
        return RevenueExport.xlsx(q, title, pages, days.totals());
    }
}
