package io.govclear.console.rest;

import io.govclear.common.Csv;
import io.govclear.audit.AuditLog;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.govclear.console.session.ConsoleForms;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * The audit log for AUDITORs, SUPERVISORs and ADMINs: filtered by person, action, object and time, newest first, a
 * page at a time; the CSV export streams every matching row and is itself in the log, with its filter.
 */
@Path("/console")
@ConsoleForms
@RolesAllowed({ Roles.AUDITOR, Roles.SUPERVISOR, Roles.ADMIN })
public class AuditPages {

    private static final int PAGE = 100;
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(Clocks.BUSINESS_ZONE);

    /** One row as shown: its time in business time. */
    public record Line(long id, String time, String actorType, String actor, String action, String subjectType,
            String subjectId, String details) {

        static Line of(AuditLog.Entry e) {
            return new Line(e.id(), TIME.format(e.occurredAt()), e.actorType(), e.actor(), e.action(), e.subjectType(),
                    e.subjectId(), e.details());
        }
    }

    @Inject SecurityIdentity identity;
    @Inject AuditLog audit;
    @Inject Transactions transactions;
    @Inject ConsolePages pages;
    @Inject Clock clock;
    @Inject @Location("console/audit.html") Template page;

    @GET
    @Path("/audit")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@RestQuery String actor, @RestQuery String action, @RestQuery String subjectType,
            @RestQuery String subjectId, @RestQuery String from, @RestQuery String to, @RestQuery String before) {
        Map<String, String> query = query(actor, action, subjectType, subjectId, from, to);
        AuditLog.Filter filter;
        try {
            filter = filter(actor, action, subjectType, subjectId, from, to, before);
        } catch (ProblemException e) {
            return Uni.createFrom().item(Response.status(400).entity(view(new AuditLog.Filter(actor, action,
                    subjectType, subjectId, null, null, null), query, List.of(), null)
                    .data("message", e.getMessage())).build());
        }
        return audit.search(transactions.autoCommit(), filter, PAGE + 1).map(found -> Response.ok(view(filter, query,
                found.stream().limit(PAGE).map(Line::of).toList(),
                found.size() > PAGE ? found.get(PAGE - 1).id() : null)).build());
    }

    @GET
    @Path("/audit.csv")
    @Produces("text/csv")
    public RestMulti<Buffer> export(@RestQuery String actor, @RestQuery String action,
            @RestQuery String subjectType, @RestQuery String subjectId, @RestQuery String from, @RestQuery String to) {
        AuditLog.Filter filter = filter(actor, action, subjectType, subjectId, from, to, null);
        String who = Callers.staff(identity).username();
        Map<String, String> asked = query(actor, action, subjectType, subjectId, from, to);
        return Csv.download("audit-log.csv", audit.append(transactions.autoCommit(), clock.instant(), who,
                        "AUDIT_LOG_EXPORTED", "AUDIT_LOG", "-", Map.of("filter", asked)),
                new String[] { "编号", "时间", "操作人类型", "操作人", "操作", "对象类型", "对象编号", "详情" },
                () -> audit.stream(filter),
                e -> new String[] { Long.toString(e.id()), TIME.format(e.occurredAt()), e.actorType(), e.actor(),
                    e.action(), e.subjectType(), e.subjectId(), e.details() });
    }

    private TemplateInstance view(AuditLog.Filter filter, Map<String, String> query, List<Line> entries, Long next) {
        TemplateInstance view = page.data("filter", filter).data("entries", entries)
                .data("from", query.get("from")).data("to", query.get("to"))
                .data("query", ConsoleQuery.encode(query));
        return pages.page(next == null ? view : view.data("next", next), identity);
    }

    private static AuditLog.Filter filter(String actor, String action, String subjectType, String subjectId,
            String from, String to, String before) {
        if (before != null && !ID.matcher(before).matches()) {
            throw ProblemException.invalid("before", "must be a record id");
        }
        return new AuditLog.Filter(ConsoleQuery.text(actor), ConsoleQuery.text(action), ConsoleQuery.text(subjectType),
                ConsoleQuery.text(subjectId), ConsoleQuery.day("from", from, 0), ConsoleQuery.day("to", to, 1),
                before == null ? null : Long.valueOf(before));
    }
    private static Map<String, String> query(String... values) {
        String[] names = { "actor", "action", "subjectType", "subjectId", "from", "to" };
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && !values[i].isBlank()) {
                query.put(names[i], values[i]);
            }
        }
        return query;
    }
}
