package io.govclear.console.rest;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.catalog.admin.CatalogAdministration;
import io.govclear.catalog.admin.CredentialRepository;
import io.govclear.catalog.admin.CredentialRepository.Purpose;
import io.govclear.catalog.admin.ProposalRepository;
import io.govclear.catalog.admin.ProposalRepository.Kind;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.admin.UnitRepository;
import io.govclear.catalog.admin.UnitRepository.StoredUnit;
import io.govclear.catalog.admin.rest.AdminRequests;
import io.govclear.channel.Channel;
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
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

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
    @Inject @Location("console/catalog.html") Template list;
    @Inject @Location("console/catalog-unit.html") Template unitPage;

    @GET
    public Uni<TemplateInstance> catalog() {
        return listPage(null, null);
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
    public Uni<TemplateInstance> unit(@PathParam("code") String code) {
        return unitView(code, null, null, null);
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
                .chain(issued -> unitView(code, "已签发 " + p + " 密钥 " + issued.keyNo() + "。", null, issued)
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

    private Uni<Response> onList(Supplier<Uni<?>> action, String done) {
        return Uni.createFrom().deferred(action)
                .chain(() -> listPage(done, null).map(page -> Response.ok(page).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> listPage(null, e.getMessage())
                        .map(page -> Response.status(((ProblemException) e).status()).entity(page).build()));
    }

    private Uni<Response> onUnit(String code, Supplier<Uni<? extends Void>> action, String done) {
        return Uni.createFrom().deferred(action)
                .chain(() -> unitView(code, done, null, null).map(page -> Response.ok(page).build()))
                .onFailure(ProblemException.class).recoverWithUni(e -> refused(code, (ProblemException) e));
    }

    private Uni<Response> refused(String code, ProblemException e) {
        return unitView(code, null, e.getMessage(), null)
                .map(page -> Response.status(e.status()).entity(page).build());
    }

    private Uni<TemplateInstance> listPage(String notice, String message) {
        return units.all().chain(all -> proposals.recent(null, 100).map(recent -> {
            TemplateInstance page = list.data("units", all).data("proposals", recent)
                    .data("channels", Arrays.stream(Channel.values()).map(Enum::name).toList())
                    .data("proposer", has(Roles.CLERK) || has(Roles.ADMIN) ? true : null)
                    .data("decider", has(Roles.SUPERVISOR) ? true : null)
                    .data("me", who());
            if (notice != null) {
                page = page.data("notice", notice);
            }
            return pages.page(message == null ? page : page.data("message", message), identity);
        }));
    }

    private Uni<TemplateInstance> unitView(String code, String notice, String message,
            CatalogAdministration.IssuedKey issued) {
        return units.find(transactions.autoCommit(), code).chain(found -> {
            StoredUnit unit = found.orElseThrow(() -> new ProblemException(ProblemCode.UNIT_NOT_FOUND,
                    "No collecting unit " + code));
            Uni<List<CredentialRepository.StoredKey>> keys = has(Roles.ADMIN) ? credentials.of(unit.id())
                    : Uni.createFrom().item(List.of());
            return keys.map(k -> {
                Catalog.Unit loaded = catalog.current().unit(code).orElse(null);
                List<Catalog.Item> versions = loaded == null ? List.of() : loaded.itemsByCode().keySet().stream()
                        .sorted().flatMap(c -> loaded.versions(c).stream()).toList();
                TemplateInstance page = unitPage.data("unit", unit).data("items", versions).data("keys", k)
                        .data("proposer", has(Roles.CLERK) || has(Roles.ADMIN) ? true : null)
                        .data("keeper", has(Roles.ADMIN) ? true : null);
                page = notice == null ? page : page.data("notice", notice);
                page = message == null ? page : page.data("message", message);
                return pages.page(issued == null ? page : page.data("issued", issued), identity);
            });
        });
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
