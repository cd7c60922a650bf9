package io.govclear.console.rest;

import io.govclear.common.Csv;
import io.govclear.audit.AuditLog;
import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.Transactions;
import io.govclear.common.Yuan;
import io.govclear.console.SavedFilters;
import io.govclear.console.session.ConsoleForms;
import io.govclear.order.OrderStatus;
import io.govclear.order.repository.BillSearchRepository;
import io.govclear.order.service.Bills;
import io.govclear.security.Callers;
import io.govclear.security.Masking;
import io.govclear.security.PersonalData;
import io.govclear.security.Roles;
import io.govclear.security.StaffUser;
import io.govclear.security.UnitScope;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The console's bill search: every filter of {@link BillSearchRepository.Criteria}, sorted and paged, payer data
 * masked. A UNIT_OFFICER's search is always narrowed to their units, whatever the query asks; naming another unit
 * finds nothing.
 */
@Path("/console")
@ConsoleForms
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.UNIT_OFFICER })
public class BillPages {

    private static final int PAGE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(Clocks.BUSINESS_ZONE);

    /** The query as typed, shown back in the form. */
    public static class Query {
        @RestQuery public String paymentCode;
        @RestQuery public String unitOrderNo;
        @RestQuery public String unit;
        @RestQuery public String item;
        @RestQuery public String status;
        @RestQuery public String channel;
        @RestQuery public String issuedFrom;
        @RestQuery public String issuedTo;
        @RestQuery public String paidFrom;
        @RestQuery public String paidTo;
        @RestQuery public String minYuan;
        @RestQuery public String maxYuan;
        @RestQuery public String payerId;
        @RestQuery public String payerPhone;
        @RestQuery public String sort;
        @RestQuery public String page;

        Map<String, String> asMap() {
            Map<String, String> map = new LinkedHashMap<>();
            String[][] pairs = { { "paymentCode", paymentCode }, { "unitOrderNo", unitOrderNo }, { "unit", unit },
                { "item", item }, { "status", status }, { "channel", channel }, { "issuedFrom", issuedFrom },
                { "issuedTo", issuedTo }, { "paidFrom", paidFrom }, { "paidTo", paidTo }, { "minYuan", minYuan },
                { "maxYuan", maxYuan }, { "payerId", payerId }, { "payerPhone", payerPhone }, { "sort", sort } };
            for (String[] pair : pairs) {
                if (pair[1] != null && !pair[1].isBlank()) {
                    map.put(pair[0], pair[1]);
                }
            }
            return map;
        }
    }

    /** A row as shown. */
    public record Row(String paymentCode, String unit, String unitOrderNo, String status, String amount,
            String payerName, String payerId, String payerPhone, String issued, String paid, String channel) {
    }

    @Inject SecurityIdentity identity;
    @Inject Bills bills;
    @Inject CatalogService catalog;
    @Inject PersonalData personalData;
    @Inject ConsolePages pages;
    @Inject AuditLog audit;
    @Inject SavedFilters saved;
    @Inject Transactions transactions;
    @Inject Clock clock;
    @Inject @Location("console/bills.html") Template list;

    @GET
    @Path("/bills")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> search(@BeanParam Query query) {
        StaffUser user = Callers.staff(identity);
        Catalog current = catalog.current();
        BillSearchRepository.Criteria criteria;
        BillSearchRepository.Sort sort;
        int page;
        try {
            criteria = criteria(query, user, current);
            BillSearchRepository.Sort asked = QueryParams.oneOf("sort", query.sort, BillSearchRepository.Sort.class);
            sort = asked == null ? BillSearchRepository.Sort.NEWEST : asked;
            page = QueryParams.integer("page", query.page, 1, 1, 100_000);
        } catch (ProblemException e) {
            return Uni.createFrom().item(Response.status(400).entity(view(query, user, current, List.of(), 1, false)
                    .data("message", e.getMessage())).build());
        }
        return bills.search(criteria, sort, (page - 1) * PAGE, PAGE + 1).chain(found -> saved.of(user.username())
                .map(filters -> Response.ok(view(query, user, current, found.stream().limit(PAGE)
                        .map(f -> row(f, current)).toList(), page, found.size() > PAGE)
                        .data("saved", filters)).build()));
    }

    /** Saves the current search under a name (the same name again replaces it), then shows it. */
    @POST
    @Path("/saved-filters")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> saveFilter(@RestForm String name, @RestForm String query) {
        return Uni.createFrom().deferred(() -> saved.save(Callers.staff(identity).username(), name,
                        query == null ? "" : query))
                .map(done -> Response.seeOther(URI.create("/console/bills?" + query)).build());
    }

    @POST
    @Path("/saved-filters/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> deleteFilter(@PathParam("id") String id, @RestForm("_csrf") String csrf) {
        if (!id.matches("[1-9][0-9]{0,18}")) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "No saved filter " + id);
        }
        return saved.delete(Callers.staff(identity).username(), Long.parseLong(id))
                .map(done -> Response.seeOther(URI.create("/console/bills")).build());
    }

    /**
     * Every bill the search finds (the user's scope applied), newest first, as CSV (UTF-8 with BOM), streamed: any
     * number of rows in flat memory. The export is audited with its filter, an ID number or phone in it masked.
     */
    @GET
    @Path("/bills.csv")
    @Produces("text/csv")
    public RestMulti<Buffer> export(@BeanParam Query query) {
        StaffUser user = Callers.staff(identity);
        Catalog current = catalog.current();
        BillSearchRepository.Criteria criteria = criteria(query, user, current);
        Map<String, String> asked = query.asMap();
        asked.computeIfPresent("payerId", (k, v) -> Masking.idNumber(v));
        asked.computeIfPresent("payerPhone", (k, v) -> Masking.phone(v));
        return Csv.download("bills.csv", audit.append(transactions.autoCommit(), clock.instant(), user.username(),
                        "BILLS_EXPORTED", "BILL_SEARCH", "-", Map.of("filter", asked)),
                new String[] { "缴款码", "执收单位", "单位订单号", "状态", "金额（元）", "缴款人", "证件号", "手机", "开单时间", "缴款时间",
                    "渠道" },
                () -> bills.stream(criteria), f -> {
                    Row r = row(f, current);
                    return new String[] { r.paymentCode(), r.unit(), r.unitOrderNo(), r.status(), r.amount(),
                        r.payerName(), r.payerId(), r.payerPhone(), r.issued(), r.paid(), r.channel() };
                });
    }

    private TemplateInstance view(Query query, StaffUser user, Catalog current, List<Row> rows, int page,
            boolean more) {
        TemplateInstance view = list.data("q", query).data("bills", rows).data("page", page)
                .data("units", UnitScope.visible(user, current))
                .data("statuses", Arrays.stream(OrderStatus.values()).map(Enum::name).toList())
                .data("channels", Arrays.stream(Channel.values()).map(Enum::name).toList())
                .data("sorts", Arrays.stream(BillSearchRepository.Sort.values()).map(Enum::name).toList())
                .data("query", ConsoleQuery.encode(query.asMap()));
        if (page > 1) {
            view = view.data("previous", page - 1);
        }
        if (more) {
            view = view.data("next", page + 1);
        }
        return pages.page(view, identity);
    }

    private BillSearchRepository.Criteria criteria(Query q, StaffUser user, Catalog current) {
        Set<Long> units = UnitScope.narrowed(user, current, ConsoleQuery.text(q.unit));
        Set<Long> itemIds = null;
        if (ConsoleQuery.text(q.item) != null) {
            // every version of the item (a bill keeps the version of its day); none at all finds nothing
            itemIds = current.unitsById().values().stream()
                    .flatMap(u -> u.versions(q.item).stream())
                    .map(Catalog.Item::id).collect(java.util.stream.Collectors.toSet());
        }
        return new BillSearchRepository.Criteria(ConsoleQuery.text(q.paymentCode), ConsoleQuery.text(q.unitOrderNo), units, itemIds,
                Optional.ofNullable(QueryParams.oneOf("status", q.status, OrderStatus.class))
                        .map(status -> Set.of(status.name())).orElse(null),
                Optional.ofNullable(QueryParams.oneOf("channel", q.channel, Channel.class)).map(Enum::name).orElse(null),
                ConsoleQuery.day("issuedFrom", q.issuedFrom, 0), ConsoleQuery.day("issuedTo", q.issuedTo, 1),
                ConsoleQuery.day("paidFrom", q.paidFrom, 0), ConsoleQuery.day("paidTo", q.paidTo, 1),
                fen("minYuan", q.minYuan), fen("maxYuan", q.maxYuan),
                personalData.lookupHash(ConsoleQuery.text(q.payerId)), personalData.lookupHash(ConsoleQuery.text(q.payerPhone)));
    }

    private static Row row(BillSearchRepository.Found f, Catalog current) {
        Catalog.Unit unit = current.unit(f.unitId());
        return new Row(f.paymentCode(), unit == null ? Long.toString(f.unitId()) : unit.code(), f.unitOrderNo(),
                f.status(), Yuan.format(f.principalFen()), f.payerNameMasked(), f.payerIdMasked(),
                f.payerPhoneMasked(), TIME.format(f.createdAt()), f.paidAt() == null ? null : TIME.format(f.paidAt()),
                f.channel());
    }

    private static Long fen(String field, String yuan) {
        if (ConsoleQuery.text(yuan) == null) {
            return null;
        }
        try {
            return Yuan.parse(yuan);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ProblemException.invalid(field, "must be an amount in yuan, e.g. 200.00");
        }
    }

}
