package io.govclear.console.rest;

import io.govclear.catalog.AmountStandard;
import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.catalog.Destination;
import io.govclear.catalog.ItemCategory;
import io.govclear.catalog.LateFeeRule;
import io.govclear.catalog.admin.CatalogAdministration;
import io.govclear.catalog.admin.CatalogAdministration.ImportMode;
import io.govclear.catalog.admin.CredentialRepository;
import io.govclear.catalog.admin.CredentialRepository.Purpose;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.ProposalRepository;
import io.govclear.catalog.admin.ProposalRepository.Kind;
import io.govclear.catalog.admin.ProposalRepository.Proposal;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.admin.UnitRepository;
import io.govclear.catalog.admin.UnitRepository.StoredUnit;
import io.govclear.catalog.admin.rest.AdminRequests;
import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.common.Transactions;
import io.govclear.console.session.ConsoleForms;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The catalog in the console: units and the four-eyes queue (/console/catalog), a unit's page with its items' versions
 * and, for ADMINs, its keys. A CLERK or ADMIN proposes, a SUPERVISOR decides, an ADMIN issues and revokes keys; every
 * rule is {@link CatalogAdministration}'s, the pages only show the forms a role may use and what was refused.
 */
@Path("/console/catalog")
@ConsoleForms
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
public class CatalogPages {

    @Inject SecurityIdentity identity;
    @Inject CatalogAdministration administration;
    @Inject UnitRepository units;
    @Inject ProposalRepository proposals;
    @Inject CredentialRepository credentials;
    @Inject CatalogService catalog;
    @Inject Transactions transactions;
    @Inject ConsolePages pages;
    @Inject Clock clock;
    @Inject @Location("console/catalog.html") Template list;
    @Inject @Location("console/catalog-unit.html") Template unitPage;
    @Inject @Location("console/catalog-proposal.html") Template proposalPage;

    /** Units shown on one page of the catalog. */
    static final int PAGE_SIZE = 50;
    /** Rows of an import shown on its page (all are at the API). */
    static final int IMPORT_ROWS_SHOWN = 200;

    @GET
    public Uni<TemplateInstance> catalog(@RestQuery String q, @RestQuery String page) {
        return listPage(new Listing(q, page), null, null);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> importFile(@RestForm("file") FileUpload file, @RestForm String mode,
            @RestForm String reason) {
        return Uni.createFrom().deferred(() -> {
                    String why = reason(reason);
                    ImportMode chosen = "VALID_ROWS".equals(mode) ? ImportMode.VALID_ROWS : ImportMode.WHOLE_FILE;
                    if (file == null || file.size() == 0) {
                        throw ProblemException.invalid("file", "请选择要导入的 CSV 或 XLSX 文件");
                    }
                    return administration.proposeImport(who(), file.fileName(), file.uploadedFile(), chosen, why);
                })
                .chain(p -> proposalView(p.id(), "已提交导入申请 " + p.id() + "，待另一位主管审批。")
                        .map(page -> Response.ok(page).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> listPage(new Listing(null, null), null,
                        (ProblemException) e).map(page -> Response.status(((ProblemException) e).status())
                                .entity(page).build()));
    }

    @GET
    @Path("/proposals/{id}")
    public Uni<TemplateInstance> proposal(@PathParam("id") String id) {
        return proposalView(AdminRequests.proposalId(id), null);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/units")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> propose(@RestForm String code, @RestForm String name, @RestForm String regionCode,
            @RestForm List<String> channels, @RestForm String settlementAccount, @RestForm String webhookUrl,
            @RestForm String reason) {
        return onList(() -> administration.proposeCreate(who(), new UnitDraft(code, name, regionCode,
                        AdminRequests.channels("channels", channels), settlementAccount, blank(webhookUrl)), reason(reason)),
                "已提交新增单位 " + code + " 的申请，待另一位主管审批。");
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/proposals/{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> approve(@PathParam("id") String id, @RestForm String reason) {
        return onList(() -> administration.approve(who(), AdminRequests.proposalId(id), reason(reason)), "申请 " + id + " 已批准并生效。");
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/proposals/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reject(@PathParam("id") String id, @RestForm String reason) {
        return onList(() -> administration.reject(who(), AdminRequests.proposalId(id), reason(reason)), "申请 " + id + " 已驳回。");
    }

    @GET
    @Path("/units/{code}")
    public Uni<TemplateInstance> unit(@PathParam("code") String code, @RestQuery String from) {
        return unitView(code, null, null, null, from);
    }

    /** A charge item's standard from a date, proposed from the unit's page (a new item, or a new version of one). */
    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/units/{code}/items")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> proposeItem(@PathParam("code") String code, @BeanParam ItemForm form) {
        return onUnit(code, () -> administration.proposeItemVersion(who(), form.draft(code), reason(form.reason))
                .replaceWithVoid(), "已提交收费项目 " + form.code + " 自 " + form.effectiveFrom + " 起执行的标准，待主管审批。");
    }

    /** The item form's fields; numbers left empty are none (amounts) or 0 (late fee and shares). */
    public static class ItemForm {
        @RestForm String code;
        @RestForm String name;
        @RestForm String category;
        @RestForm String incomeClassification;
        @RestForm String amountStandard;
        @RestForm String fixedAmountFen;
        @RestForm String minAmountFen;
        @RestForm String maxAmountFen;
        @RestForm String lateFeeRule;
        @RestForm String lateFeeBpPerDay;
        @RestForm String lateFeeCapped;
        @RestForm String destination;
        @RestForm String shareCentralBp;
        @RestForm String shareProvinceBp;
        @RestForm String shareCityBp;
        @RestForm String shareCountyBp;
        @RestForm String shareUnitBp;
        @RestForm String effectiveFrom;
        @RestForm String reason;

        ItemDraft draft(String unitCode) {
            return new ItemDraft(unitCode, code, name, QueryParams.oneOf("category", blank(category), ItemCategory.class),
                    incomeClassification, QueryParams.oneOf("amountStandard", blank(amountStandard),
                            AmountStandard.class), fen("fixedAmountFen", fixedAmountFen),
                    fen("minAmountFen", minAmountFen), fen("maxAmountFen", maxAmountFen),
                    QueryParams.oneOf("lateFeeRule", blank(lateFeeRule), LateFeeRule.class),
                    bp("lateFeeBpPerDay", lateFeeBpPerDay), lateFeeCapped != null,
                    QueryParams.oneOf("destination", blank(destination), Destination.class),
                    bp("shareCentralBp", shareCentralBp), bp("shareProvinceBp", shareProvinceBp),
                    bp("shareCityBp", shareCityBp), bp("shareCountyBp", shareCountyBp), bp("shareUnitBp", shareUnitBp),
                    date(effectiveFrom));
        }

        private static Long fen(String field, String value) {
            if (blank(value) == null) {
                return null;
            }
            if (!value.strip().matches("[0-9]{1,12}")) {
                throw ProblemException.invalid(field, "must be a whole number of fen");
            }
            return Long.parseLong(value.strip());
        }

        private static int bp(String field, String value) {
            if (blank(value) == null) {
                return 0;
            }
            if (!value.strip().matches("[0-9]{1,5}")) {
                throw ProblemException.invalid(field, "must be a whole number of basis points");
            }
            return Integer.parseInt(value.strip());
        }

        private static LocalDate date(String value) {
            try {
                return blank(value) == null ? null : LocalDate.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw ProblemException.invalid("effectiveFrom", "must be a date yyyy-MM-dd");
            }
        }
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/units/{code}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> status(@PathParam("code") String code, @RestForm String action, @RestForm String reason) {
        Kind kind = "REACTIVATE".equals(action) ? Kind.UNIT_REACTIVATE : Kind.UNIT_SUSPEND;
        return onUnit(code, () -> administration.proposeStatus(who(), code, kind, reason(reason)).replaceWithVoid(),
                kind == Kind.UNIT_SUSPEND ? "已提交暂停申请，待主管审批。" : "已提交恢复申请，待主管审批。");
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/units/{code}/credentials")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> issueKey(@PathParam("code") String code, @RestForm String purpose, @RestForm String reason) {
        Purpose p = purpose == null || purpose.isEmpty() ? Purpose.API
                : QueryParams.oneOf("purpose", purpose, Purpose.class);
        return Uni.createFrom().deferred(() -> administration.issueKey(who(), code, p, reason(reason)))
                .chain(issued -> unitView(code, "已签发 " + p + " 密钥 " + issued.keyNo() + "。", null, issued, null)
                        .map(page -> Response.ok(page).header("Cache-Control", "no-store").build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> refused(code, (ProblemException) e));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/units/{code}/credentials/{purpose}/{keyNo}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(@PathParam("code") String code, @PathParam("purpose") String purpose,
            @PathParam("keyNo") String keyNo, @RestForm String reason) {
        return onUnit(code, () -> {
            AdminRequests.KeyRef key = AdminRequests.key(code, purpose, keyNo);
            return administration.revokeKey(who(), code, key.purpose(), key.no(), reason(reason));
        }, "密钥 " + keyNo + " 已立即停用。");
    }

    /** The list after an action on a proposal, narrowed to the proposal's unit (an import's: every unit). */
    private Uni<Response> onList(Supplier<Uni<? extends Proposal>> action, String done) {
        return Uni.createFrom().<Proposal>deferred(action)
                .chain(p -> listPage(new Listing(p.kind() == Kind.IMPORT ? null : p.subject().split("/")[0], null),
                        done, null).map(page -> Response.ok(page).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> listPage(new Listing(null, null), null,
                        (ProblemException) e).map(page -> Response.status(((ProblemException) e).status())
                                .entity(page).build()));
    }

    /** Which units the list shows: a text to look for in codes and names, and a page (from 1). */
    record Listing(String q, int page) {

        Listing(String q, String page) {
            this(q == null || q.isBlank() ? null : q.strip(), page == null || !page.matches("[1-9][0-9]{0,5}") ? 1
                    : Integer.parseInt(page));
        }
    }

    private Uni<TemplateInstance> proposalView(long id, String notice) {
        return proposals.find(id).map(found -> {
            Proposal p = found.orElseThrow(() -> new ProblemException(ProblemCode.PROPOSAL_NOT_FOUND,
                    "No catalog proposal " + id));
            TemplateInstance page = proposalPage.data("p", p).data("payload", p.payload().getMap())
                    .data("decider", has(Roles.SUPERVISOR) ? true : null).data("me", who())
                    .data("shown", IMPORT_ROWS_SHOWN);
            if (p.kind() == Kind.IMPORT) {
                page = page.data("importUnits", first(p.payload().getJsonArray("units")))
                        .data("importItems", first(p.payload().getJsonArray("items")));
            }
            return pages.page(notice == null ? page : page.data("notice", notice), identity);
        });
    }

    private static List<Object> first(io.vertx.core.json.JsonArray rows) {
        return rows.getList().subList(0, Math.min(rows.size(), IMPORT_ROWS_SHOWN));
    }

    private Uni<Response> onUnit(String code, Supplier<Uni<? extends Void>> action, String done) {
        return Uni.createFrom().deferred(action)
                .chain(() -> unitView(code, done, null, null, null).map(page -> Response.ok(page).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> refused(code, (ProblemException) e));
    }

    private Uni<Response> refused(String code, ProblemException e) {
        return unitView(code, null, e.getMessage(), null, null)
                .map(page -> Response.status(e.status()).entity(page).build());
    }

    private Uni<TemplateInstance> listPage(Listing listing, String notice, ProblemException refused) {
        return units.page(listing.q(), (listing.page() - 1) * PAGE_SIZE, PAGE_SIZE)
                .chain(found -> proposals.recent(null, 100).map(recent -> {
                    long pageCount = Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE);
                    TemplateInstance page = list.data("units", found.units()).data("total", found.total())
                            .data("q", listing.q() == null ? "" : listing.q()).data("page", listing.page())
                            .data("qParam", listing.q() == null ? "" : java.net.URLEncoder.encode(listing.q(),
                                    java.nio.charset.StandardCharsets.UTF_8))
                            .data("pages", pageCount)
                            .data("previous", listing.page() > 1 ? listing.page() - 1 : null)
                            .data("next", listing.page() < pageCount ? listing.page() + 1 : null)
                            .data("proposals", recent)
                            .data("channels", Channel.OFFERED.stream().map(Enum::name).toList())
                            .data("proposer", has(Roles.CLERK) || has(Roles.ADMIN) ? true : null)
                            .data("decider", has(Roles.SUPERVISOR) ? true : null)
                            .data("me", who());
                    if (notice != null) {
                        page = page.data("notice", notice);
                    }
                    if (refused != null) {
                        page = page.data("message", refused.getMessage()).data("cells", refused.toProblem(null).rows());
                    }
                    return pages.page(page, identity);
                }));
    }

    /** The unit's page; {@code from} an item code whose latest version fills the item form. */
    private Uni<TemplateInstance> unitView(String code, String notice, String message,
            CatalogAdministration.IssuedKey issued, String from) {
        return units.find(transactions.autoCommit(), code).chain(found -> {
            StoredUnit unit = found.orElseThrow(() -> new ProblemException(ProblemCode.UNIT_NOT_FOUND,
                    "No collecting unit " + code));
            Uni<List<CredentialRepository.StoredKey>> keys = has(Roles.ADMIN) ? credentials.of(unit.id())
                    : Uni.createFrom().item(List.of());
            return keys.map(k -> {
                Catalog.Unit loaded = catalog.current().unit(code).orElse(null);
                List<Catalog.Item> versions = loaded == null ? List.of() : loaded.itemsByCode().keySet().stream()
                        .sorted().flatMap(c -> loaded.versions(c).stream()).toList();
                Catalog.Item base = loaded == null || from == null ? null : loaded.versions(from).stream().findFirst()
                        .orElse(null);
                TemplateInstance page = unitPage.data("unit", unit).data("items", versions).data("keys", k)
                        .data("base", base).data("today", catalogToday())
                        .data("categories", ItemCategory.values()).data("standards", AmountStandard.values())
                        .data("lateFeeRules", LateFeeRule.values()).data("destinations", Destination.values())
                        .data("proposer", has(Roles.CLERK) || has(Roles.ADMIN) ? true : null)
                        .data("keeper", has(Roles.ADMIN) ? true : null);
                page = notice == null ? page : page.data("notice", notice);
                page = message == null ? page : page.data("message", message);
                return pages.page(issued == null ? page : page.data("issued", issued), identity);
            });
        });
    }

    private LocalDate catalogToday() {
        return LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
    }

    private boolean has(String role) {
        return Callers.staff(identity).roles().contains(role);
    }

    private String who() {
        return Callers.staff(identity).username();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String reason(String reason) {
        return RequiredText.of("reason", reason, 500);
    }

}
