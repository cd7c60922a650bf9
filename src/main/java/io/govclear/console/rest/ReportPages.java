package io.govclear.console.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.report.RevenueReport;
import io.govclear.report.rest.ReportResource;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Revenue reports in the console (/console/reports): a range of closed days grouped as asked, a page of rows with the
 * range's totals, a chart (the net per day, per channel and per budget level), printable on A4 landscape, and the
 * whole as CSV or XLSX. The figures are {@link RevenueReport}'s, the exports {@link ReportResource}'s.
 */
@Path("/console/reports")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class ReportPages {

    /** The groupings offered as presets (any other comes by the query). */
    static final Map<String, String> PRESETS = presets();

    @Inject SecurityIdentity identity;
    @Inject RevenueReport reports;
    @Inject ReportResource api;
    @Inject ConsolePages pages;
    @Inject ObjectMapper json;
    @Inject Clock clock;
    @Inject @Location("console/reports.html") Template page;

    private static Map<String, String> presets() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("unit,item", "单位 × 项目");
        p.put("unit,item,budgetLevel", "单位 × 项目 × 预算级次");
        p.put("unit,item,channel", "单位 × 项目 × 渠道");
        p.put("unit,item,budgetLevel,channel,destination", "单位 × 项目 × 级次 × 渠道 × 去向");
        p.put("date", "按日");
        p.put("date,channel", "按日 × 渠道");
        p.put("budgetLevel,destination", "级次 × 去向");
        return p;
    }

    @GET
    public Uni<TemplateInstance> report(@RestQuery String from, @RestQuery String to, @RestQuery String groupBy,
            @RestQuery String page) {
        LocalDate yesterday = ConsolePages.dayOrYesterday(null, clock);
        RevenueReport.Query q = RevenueReport.query(from == null ? yesterday.withDayOfMonth(1).toString() : from,
                from == null && to == null ? yesterday.toString() : to, groupBy);
        int p = io.govclear.common.QueryParams.integer("page", page, 1, 1, 100_000);
        return reports.days(q).chain(days -> api.view(q, p, days).chain(view -> reports.netBy(q,
                RevenueReport.Dimension.CHANNEL).chain(byChannel -> reports.netBy(q,
                RevenueReport.Dimension.BUDGET_LEVEL).map(byLevel -> {
                    TemplateInstance t = this.page.data("q", q).data("view", view).data("presets", PRESETS)
                            .data("dims", q.groupBy().stream().map(Enum::name).toList())
                            .data("query", "from=" + q.from() + "&to=" + q.to() + "&groupBy=" + q.groupByParam())
                            .data("chart", chart(days.closed(), byChannel, byLevel));
                    if (p > 1) {
                        t = t.data("previous", p - 1);
                    }
                    if (view.more()) {
                        t = t.data("next", p + 1);
                    }
                    return pages.page(t, identity);
                }))));
    }

    @GET
    @Path("/revenue.csv")
    @Blocking
    @Produces("text/csv")
    public Response csv(@RestQuery String from, @RestQuery String to, @RestQuery String groupBy) {
        return api.export(RevenueReport.query(from, to, groupBy), ReportResource.Format.csv,
                Callers.staff(identity).username());
    }

    @GET
    @Path("/revenue.xlsx")
    @Blocking
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response xlsx(@RestQuery String from, @RestQuery String to, @RestQuery String groupBy) {
        return api.export(RevenueReport.query(from, to, groupBy), ReportResource.Format.xlsx,
                Callers.staff(identity).username());
    }

    /** The chart's series as JSON for the page's script, amounts in yuan. */
    private String chart(List<RevenueReport.Day> byDay, List<RevenueReport.Point> byChannel,
            List<RevenueReport.Point> byLevel) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("days", byDay.stream().map(d -> d.date().toString()).toList());
        data.put("dayNet", byDay.stream().map(d -> d.totals().netFen() / 100.0).toList());
        data.put("channels", byChannel.stream().map(c -> Labels.CHANNEL.getOrDefault(c.key(), c.key())).toList());
        data.put("channelNet", byChannel.stream().map(c -> c.netFen() / 100.0).toList());
        data.put("levels", byLevel.stream().map(l -> Map.of("name", Labels.LEVEL.getOrDefault(l.key(), l.key()),
                "value", l.netFen() / 100.0)).toList());
        try {
            // </script> cannot occur in numbers and labels, but a closing tag never gets through as written
            return json.writeValueAsString(data).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
