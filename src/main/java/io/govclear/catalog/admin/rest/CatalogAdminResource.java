package io.govclear.catalog.admin.rest;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.catalog.admin.CatalogAdministration;
import io.govclear.catalog.admin.CatalogAdministration.ImportMode;
import io.govclear.catalog.admin.CredentialRepository;
import io.govclear.catalog.admin.CredentialRepository.Purpose;
import io.govclear.catalog.admin.ProposalRepository;
import io.govclear.catalog.admin.ProposalRepository.Kind;
import io.govclear.catalog.admin.ProposalRepository.Proposal;
import io.govclear.catalog.admin.ProposalRepository.Status;
import io.govclear.catalog.admin.ItemDraft;
import io.govclear.catalog.admin.UnitDraft;
import io.govclear.catalog.bulk.CatalogFiles;
import io.govclear.catalog.admin.UnitRepository;
import io.govclear.catalog.admin.UnitRepository.StoredUnit;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.QueryParams;
import io.govclear.common.RequiredText;
import io.govclear.common.Transactions;
import io.govclear.security.Callers;
import io.govclear.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Catalog administration (README "Catalog administration"): units and their credentials, and the four-eyes queue.
 * A CLERK or ADMIN proposes (202, the proposal); a SUPERVISOR who is not the proposer approves or rejects; an ADMIN
 * issues and revokes keys; every finance role reads.
 */
@Path("/api/v1/admin")
@RolesAllowed({ Roles.CLERK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog administration", description = "Units, credentials and the four-eyes queue (finance staff)")
public class CatalogAdminResource {

    /** A unit as the administration shows it (its secrets never). */
    public record UnitView(String code, String name, String regionCode, List<String> allowedChannels,
            String settlementAccount, String webhookUrl, String status, int version, Instant createdAt,
            Instant updatedAt) {

        static UnitView of(StoredUnit u) {
            UnitDraft d = u.draft();
            return new UnitView(d.code(), d.name(), d.regionCode(),
                    d.allowedChannels().stream().sorted().map(Enum::name).toList(), d.settlementAccount(),
                    d.webhookUrl(), u.status().name(), u.version(), u.createdAt(), u.updatedAt());
        }
    }

    /**
     * A proposal in the queue; {@code proposed} the unit or item as proposed, or an import's counts and skipped rows
     * (its rows to apply too, {@code units} and {@code items}, when one proposal is asked for).
     */
    public record ProposalView(long id, String kind, String subject, Map<String, Object> proposed, Integer baseVersion,
            String reason, String status, String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
            String decisionReason) {

        /** The proposal, an import's rows left out. */
        static ProposalView of(Proposal p) {
            if (p.kind() != Kind.IMPORT) {
                return detail(p);
            }
            JsonObject summary = p.payload().copy();
            summary.remove("units");
            summary.remove("items");
            return detail(new Proposal(p.id(), p.kind(), p.subject(), summary, p.baseVersion(), p.reason(),
                    p.status(), p.proposedBy(), p.proposedAt(), p.decidedBy(), p.decidedAt(), p.decisionReason()));
        }

        static ProposalView detail(Proposal p) {
            JsonObject payload = p.payload();
            return new ProposalView(p.id(), p.kind().name(), p.subject(), payload == null ? null : payload.getMap(),
                    p.baseVersion(), p.reason(), p.status().name(), p.proposedBy(), p.proposedAt(), p.decidedBy(),
                    p.decidedAt(), p.decisionReason());
        }
    }

    /** One of a unit's keys, without its secret. */
    public record KeyView(String purpose, int keyNo, Instant createdAt, String createdBy, Instant validUntil,
            Instant revokedAt, String revokedBy, String revokeReason) {
    }

    /** A key just issued: the secret is in this answer only. */
    public record IssuedKeyView(String unitCode, String purpose, int keyNo, String secret,
            Instant previousValidUntil) {
    }

    @Inject CatalogAdministration administration;
    @Inject UnitRepository units;
    @Inject ProposalRepository proposals;
    @Inject CredentialRepository credentials;
    @Inject Transactions transactions;
    @Inject CatalogService catalog;
    @Inject SecurityIdentity identity;

    @GET
    @Path("/units")
    @Operation(summary = "Every collecting unit, by code")
    public Uni<List<UnitView>> units() {
        return units.all().map(all -> all.stream().map(UnitView::of).toList());
    }

    @GET
    @Path("/units/{code}")
    @Operation(summary = "One unit")
    public Uni<UnitView> unit(@PathParam("code") String code) {
        return stored(code).map(UnitView::of);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/units")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose a new unit (202: the proposal; nothing exists until a supervisor approves it)")
    public Uni<Response> create(AdminRequests.Unit body) {
        String reason = AdminRequests.reason(body);
        return administration.proposeCreate(who(), body.draft(), reason).map(CatalogAdminResource::accepted);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @PUT
    @Path("/units/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose new fields for a unit (202: the proposal)")
    public Uni<Response> update(@PathParam("code") String code, AdminRequests.Unit body) {
        String reason = AdminRequests.reason(body);
        return administration.proposeUpdate(who(), code, body.draft(), reason).map(CatalogAdminResource::accepted);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/units/{code}/suspend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose suspending an ACTIVE unit: it cannot issue bills; its open bills stay payable")
    public Uni<Response> suspend(@PathParam("code") String code, AdminRequests.Reason body) {
        String reason = AdminRequests.reason(body);
        return administration.proposeStatus(who(), code, Kind.UNIT_SUSPEND, reason)
                .map(CatalogAdminResource::accepted);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/units/{code}/reactivate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose re-activating a SUSPENDED unit")
    public Uni<Response> reactivate(@PathParam("code") String code, AdminRequests.Reason body) {
        String reason = AdminRequests.reason(body);
        return administration.proposeStatus(who(), code, Kind.UNIT_REACTIVATE, reason)
                .map(CatalogAdminResource::accepted);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/units/{code}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose closing a unit: once approved its calls are refused and its UNPAID bills cancelled")
    public Uni<Response> close(@PathParam("code") String code, AdminRequests.Reason body) {
        String reason = AdminRequests.reason(body);
        return administration.proposeStatus(who(), code, Kind.UNIT_CLOSE, reason).map(CatalogAdminResource::accepted);
    }

    @RolesAllowed(Roles.ADMIN)
    @GET
    @Path("/units/{code}/credentials")
    @Operation(summary = "The unit's keys, newest first, without their secrets")
    public Uni<List<KeyView>> keys(@PathParam("code") String code) {
        return stored(code).chain(u -> credentials.of(u.id()))
                .map(keys -> keys.stream().map(k -> new KeyView(k.purpose().name(), k.no(), k.createdAt(),
                        k.createdBy(), k.validUntil(), k.revokedAt(), k.revokedBy(), k.revokeReason())).toList());
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/units/{code}/credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a new secret (shown in this answer only); the old one verifies until the overlap ends")
    public Uni<Response> issue(@PathParam("code") String code, AdminRequests.NewKey body) {
        String reason = AdminRequests.reason(body);
        Purpose purpose = body.purpose() == null ? Purpose.API
                : QueryParams.oneOf("purpose", body.purpose(), Purpose.class);
        return administration.issueKey(who(), code, purpose, reason)
                .map(k -> Response.status(Response.Status.CREATED)
                        .header("Cache-Control", "no-store")
                        .entity(new IssuedKeyView(k.unitCode(), k.purpose().name(), k.keyNo(), k.secret(),
                                k.previousValidUntil()))
                        .build());
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/units/{code}/credentials/{purpose}/{keyNo}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stop one of the unit's keys at once (a compromise); audited with the reason")
    public Uni<Response> revoke(@PathParam("code") String code, @PathParam("purpose") String purpose,
            @PathParam("keyNo") String keyNo, AdminRequests.Reason body) {
        AdminRequests.KeyRef key = AdminRequests.key(code, purpose, keyNo);
        String reason = AdminRequests.reason(body);
        return administration.revokeKey(who(), code, key.purpose(), key.no(), reason)
                .map(done -> Response.noContent().build());
    }

    /** One version of a charge item's standard. */
    public record ItemView(String unitCode, String code, int versionNo, LocalDate effectiveFrom, String name,
            String category, String incomeClassification, String amountStandard, Long fixedAmountFen,
            Long minAmountFen, Long maxAmountFen, String lateFeeRule, int lateFeeBpPerDay, boolean lateFeeCapped,
            String destination, int shareCentralBp, int shareProvinceBp, int shareCityBp, int shareCountyBp,
            int shareUnitBp) {

        static ItemView of(String unitCode, Catalog.Item i) {
            return new ItemView(unitCode, i.code(), i.versionNo(), i.effectiveFrom(), i.name(), i.category().name(),
                    i.incomeClassification(), i.amountStandard().name(), i.fixedAmountFen(), i.minAmountFen(),
                    i.maxAmountFen(), i.lateFeeRule().name(), i.lateFeeBpPerDay(), i.lateFeeCapped(),
                    i.destination().name(), i.shareCentralBp(), i.shareProvinceBp(), i.shareCityBp(),
                    i.shareCountyBp(), i.shareUnitBp());
        }
    }

    @GET
    @Path("/items")
    @Operation(summary = "A unit's charge items, every version, the latest effective date first")
    public List<ItemView> items(@RestQuery String unit) {
        Catalog.Unit found = catalog.current().unit(unit == null ? "" : unit).orElseThrow(
                () -> new ProblemException(ProblemCode.UNIT_NOT_FOUND, "No collecting unit " + unit));
        return found.itemsByCode().keySet().stream().sorted()
                .flatMap(code -> found.versions(code).stream()).map(i -> ItemView.of(found.code(), i)).toList();
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose a new charge item (or its next standard) in force from effectiveFrom → 202")
    public Uni<Response> createItem(AdminRequests.Item body) {
        String reason = AdminRequests.reason(body);
        return administration.proposeItemVersion(who(), body.draft(), reason).map(CatalogAdminResource::accepted);
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/items/{itemCode}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Propose an item's new standard from a date (today or later); bills before it keep the old")
    public Uni<Response> newVersion(@PathParam("itemCode") String itemCode, AdminRequests.Item body) {
        String reason = AdminRequests.reason(body);
        if (!itemCode.equals(body.code())) {
            throw ProblemException.invalid("code", "must be the item's code " + itemCode);
        }
        return administration.proposeItemVersion(who(), body.draft(), reason).map(CatalogAdminResource::accepted);
    }

    @GET
    @Path("/catalog/export")
    @Produces({ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv" })
    @Operation(summary = "The whole catalog in the import's layout: format=xlsx (sheets units and items, default),"
            + " units.csv or items.csv (UTF-8 with BOM); every version of every item")
    public Uni<Response> export(@RestQuery String format) {
        String wanted = format == null ? "xlsx" : format;
        if (!List.of("xlsx", "units.csv", "items.csv").contains(wanted)) {
            throw ProblemException.invalid("format", "must be xlsx, units.csv or items.csv");
        }
        Catalog current = catalog.current();
        List<ItemDraft> items = current.unitsById().values().stream()
                .sorted(java.util.Comparator.comparing(Catalog.Unit::code))
                .flatMap(u -> u.itemsByCode().keySet().stream().sorted().flatMap(code -> u.versions(code).stream())
                        .map(i -> draft(u.code(), i)))
                .toList();
        return units.all().map(all -> {
            List<UnitDraft> drafts = all.stream().map(StoredUnit::draft).toList();
            byte[] file = switch (wanted) {
                case "units.csv" -> CatalogFiles.writeUnitsCsv(drafts);
                case "items.csv" -> CatalogFiles.writeItemsCsv(items);
                default -> CatalogFiles.writeXlsx(drafts, items);
            };
            String type = wanted.endsWith(".csv") ? "text/csv; charset=UTF-8"
                    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            return Response.ok(file).type(type)
                    .header("Content-Disposition", "attachment; filename=\"catalog-" + wanted.replace("xlsx",
                            "all.xlsx") + "\"").build();
        });
    }

    private static ItemDraft draft(String unitCode, Catalog.Item i) {
        return new ItemDraft(unitCode, i.code(), i.name(), i.category(), i.incomeClassification(), i.amountStandard(),
                i.fixedAmountFen(), i.minAmountFen(), i.maxAmountFen(), i.lateFeeRule(), i.lateFeeBpPerDay(),
                i.lateFeeCapped(), i.destination(), i.shareCentralBp(), i.shareProvinceBp(), i.shareCityBp(),
                i.shareCountyBp(), i.shareUnitBp(), i.effectiveFrom());
    }

    @RolesAllowed({ Roles.CLERK, Roles.ADMIN })
    @POST
    @Path("/catalog/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Propose a CSV or XLSX file of units and items (the export's layout) as one change → 202;"
            + " mode WHOLE_FILE (default: any error is 422 IMPORT_INVALID with every cell) or VALID_ROWS")
    public Uni<Response> importFile(@RestForm("file") FileUpload file, @RestForm String mode,
            @RestForm String reason) {
        String why = RequiredText.of("reason", reason, 500);
        ImportMode chosen = mode == null || mode.isEmpty() ? ImportMode.WHOLE_FILE
                : QueryParams.oneOf("mode", mode, ImportMode.class);
        if (file == null) {
            throw ProblemException.invalid("file", "attach the CSV or XLSX file as the form field file");
        }
        return administration.proposeImport(who(), file.fileName(), file.uploadedFile(), chosen, why)
                .map(CatalogAdminResource::accepted);
    }

    @GET
    @Path("/catalog/proposals")
    @Operation(summary = "The newest proposals (status=PENDING for the queue)")
    public Uni<List<ProposalView>> proposals(@RestQuery String status) {
        return proposals.recent(QueryParams.oneOf("status", status, Status.class), 200)
                .map(all -> all.stream().map(ProposalView::of).toList());
    }

    @GET
    @Path("/catalog/proposals/{id}")
    @Operation(summary = "One proposal")
    public Uni<ProposalView> proposal(@PathParam("id") String id) {
        return proposals.find(AdminRequests.proposalId(id))
                .map(p -> ProposalView.detail(p.orElseThrow(() -> notFound(id))));
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/catalog/proposals/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor other than the proposer approves: the change is applied at once; twice is 409")
    public Uni<ProposalView> approve(@PathParam("id") String id, AdminRequests.Reason body) {
        long proposal = AdminRequests.proposalId(id);
        String reason = AdminRequests.reason(body);
        return administration.approve(who(), proposal, reason).map(ProposalView::of);
    }

    @RolesAllowed(Roles.SUPERVISOR)
    @POST
    @Path("/catalog/proposals/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor other than the proposer rejects: nothing changes; twice is 409")
    public Uni<ProposalView> reject(@PathParam("id") String id, AdminRequests.Reason body) {
        long proposal = AdminRequests.proposalId(id);
        String reason = AdminRequests.reason(body);
        return administration.reject(who(), proposal, reason).map(ProposalView::of);
    }

    private Uni<StoredUnit> stored(String code) {
        return units.find(transactions.autoCommit(), code).map(u -> u.orElseThrow(
                () -> new ProblemException(ProblemCode.UNIT_NOT_FOUND, "No collecting unit " + code)));
    }

    private String who() {
        return Callers.staff(identity).username();
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemCode.PROPOSAL_NOT_FOUND, "No catalog proposal " + id);
    }

    private static Response accepted(Proposal p) {
        return Response.accepted(ProposalView.of(p)).build();
    }
}
