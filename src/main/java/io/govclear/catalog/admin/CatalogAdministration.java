package io.govclear.catalog.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.audit.AuditLog;
import io.govclear.catalog.CatalogService;
import io.govclear.catalog.UnitStatus;
import io.govclear.catalog.admin.CredentialRepository.Purpose;
import io.govclear.catalog.admin.ProposalRepository.Kind;
import io.govclear.catalog.admin.ProposalRepository.Proposal;
import io.govclear.catalog.admin.ProposalRepository.Status;
import io.govclear.catalog.admin.UnitRepository.StoredUnit;
import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.catalog.bulk.CatalogFileException;
import io.govclear.catalog.bulk.CatalogFiles;
import io.govclear.catalog.bulk.Parsed;
import io.govclear.common.ProblemException.CellError;
import io.govclear.common.ProblemException.FieldError;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Transactions;
import io.govclear.order.repository.OrderRepository;
import io.govclear.security.PersonalData;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes to the catalog, four eyes: a CLERK or ADMIN proposes a unit's creation, edit, suspension or re-activation,
 * or a charge item's standard from a date, with a reason; a SUPERVISOR other than the proposer approves it (applied in the same transaction as the decision)
 * or rejects it; until then nothing changes. Credentials are issued, rotated with an overlap and revoked by an ADMIN.
 * Every step is in the audit log; every applied change reaches every instance (NOTIFY catalog_changed, V20).
 */
@Singleton
public class CatalogAdministration {

    /** A secret just issued: shown to the caller once, never again. */
    public record IssuedKey(String unitCode, Purpose purpose, int keyNo, String secret, Instant previousValidUntil) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject Transactions transactions;
    @Inject UnitRepository units;
    @Inject ProposalRepository proposals;
    @Inject ItemRepository items;
    @Inject OrderRepository orders;
    @Inject ObjectMapper json;
    @Inject CredentialRepository credentials;
    @Inject AuditLog audit;
    @Inject PersonalData personalData;
    @Inject CatalogService catalog;
    @Inject GovClearConfig config;
    @Inject Clock clock;

    /** Proposes a new unit; 409 UNIT_EXISTS when its code is taken or already proposed. */
    public Uni<Proposal> proposeCreate(String who, UnitDraft draft, String reason) {
        refuseInvalid(draft);
        return transactions.inTransaction(tx -> units.find(tx, draft.code())
                .chain(found -> found.isPresent() ? Uni.createFrom().failure(exists(draft.code()))
                        : propose(tx, who, Kind.UNIT_CREATE, draft.code(), json(draft), null, reason)
                                .onFailure(ProblemException.class).transform(e -> exists(draft.code()))));
    }

    /** Proposes new fields for an existing unit (its code cannot change). */
    public Uni<Proposal> proposeUpdate(String who, String code, UnitDraft draft, String reason) {
        refuseInvalid(draft);
        if (!code.equals(draft.code())) {
            throw ProblemException.invalid("code", "must be the unit's code " + code + " (a code never changes)");
        }
        return transactions.inTransaction(tx -> unit(tx, code)
                .chain(unit -> propose(tx, who, Kind.UNIT_UPDATE, code, json(draft), unit.version(), reason)));
    }

    /**
     * Proposes suspending an ACTIVE unit, re-activating a SUSPENDED one, or closing either (its UNPAID bills are then
     * cancelled with the reason, in the approval's transaction).
     */
    public Uni<Proposal> proposeStatus(String who, String code, Kind kind, String reason) {
        Set<UnitStatus> from = switch (kind) {
            case UNIT_SUSPEND -> Set.of(UnitStatus.ACTIVE);
            case UNIT_REACTIVATE -> Set.of(UnitStatus.SUSPENDED);
            case UNIT_CLOSE -> Set.of(UnitStatus.ACTIVE, UnitStatus.SUSPENDED);
            default -> throw new IllegalArgumentException(kind.name());
        };
        return transactions.inTransaction(tx -> unit(tx, code).chain(unit -> !from.contains(unit.status())
                ? Uni.createFrom().failure(new ProblemException(ProblemCode.PROPOSAL_INVALID,
                        "Unit " + code + " is " + unit.status()))
                : propose(tx, who, kind, code, json(unit.draft()), unit.version(), reason)));
    }

    /**
     * Proposes a charge item's standard in force from a date (a new item, or the next version of one): the old
     * version stays for bills issued before that date, and no version can start in the past.
     */
    public Uni<Proposal> proposeItemVersion(String who, ItemDraft draft, String reason) {
        List<FieldError> errors = new java.util.ArrayList<>(draft.errors());
        if (draft.effectiveFrom() != null && draft.effectiveFrom().isBefore(today())) {
            errors.add(new FieldError("effectiveFrom", "must be today or later: no change rewrites history"));
        }
        refuse(errors);
        return transactions.inTransaction(tx -> unit(tx, draft.unitCode())
                .chain(unit -> items.versionFrom(tx, draft))
                .chain(exists -> exists ? Uni.createFrom().failure(versionExists(draft))
                        : propose(tx, who, Kind.ITEM_VERSION, draft.unitCode() + "/" + draft.code(),
                                new JsonObject(json.convertValue(draft, Map.class)), null, reason)));
    }

    /** How much of an uploaded file becomes the proposal. */
    public enum ImportMode {
        /** Nothing unless every row is valid. */
        WHOLE_FILE,
        /** The valid rows; the others are listed in the proposal as skipped. */
        VALID_ROWS
    }

    /** The most cell errors one answer lists (the count is always whole). */
    static final int MAX_LISTED_ERRORS = 1_000;

    /**
     * Proposes a CSV or XLSX file of units and items (catalog/bulk's layout) as one change: every row is checked
     * against the file and the catalog first; with {@link ImportMode#WHOLE_FILE} any error refuses the whole file
     * ({@code 422 IMPORT_INVALID}, every error by sheet, row and column), with {@link ImportMode#VALID_ROWS} the
     * valid rows are proposed and the others listed. The same file cannot be pending twice (its SHA-256 is the
     * subject). Reading the uploaded file ({@code upload}, named {@code filename} by its sender) is blocking I/O and
     * CPU work: it runs on a worker thread.
     */
    public Uni<Proposal> proposeImport(String who, String filename, java.nio.file.Path upload, ImportMode mode,
            String reason) {
        RequiredText.of("filename", filename, 200);
        return Uni.createFrom().item(() -> read(upload, filename))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(file -> transactions.inTransaction(tx -> {
                    Parsed parsed = file.parsed();
                    Set<String> codes = new java.util.HashSet<>();
                    parsed.units().forEach(l -> codes.add(l.draft().code()));
                    parsed.items().forEach(l -> codes.add(l.draft().unitCode()));
                    return units.byCodes(tx, codes).chain(existing -> items.versionsOf(tx, codes)
                            .map(versions -> ImportPlan.of(parsed, existing, versions, today())))
                            .chain(plan -> {
                                if (!plan.errors().isEmpty() && (mode == ImportMode.WHOLE_FILE || !plan.changes())) {
                                    return Uni.createFrom().failure(invalidFile(plan.errors(), mode));
                                }
                                if (!plan.changes()) {
                                    return Uni.createFrom().failure(new ProblemException(ProblemCode.PROPOSAL_INVALID,
                                            "The file changes nothing: its " + plan.unchanged()
                                                    + " unit row(s) equal the catalog and it has no item rows"));
                                }
                                return propose(tx, who, Kind.IMPORT, "IMPORT " + file.sha256().substring(0, 16),
                                        importPayload(plan, filename, file.sha256(), mode), null, reason);
                            });
                }));
    }

    /** An uploaded file as read: its rows and errors, and its SHA-256 (hex). */
    private record ReadFile(Parsed parsed, String sha256) {
    }

    private static ReadFile read(java.nio.file.Path upload, String filename) {
        try {
            byte[] content = java.nio.file.Files.readAllBytes(upload);
            return new ReadFile(CatalogFiles.read(content, filename), sha256(content));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (CatalogFileException e) {
            throw new ProblemException(ProblemCode.IMPORT_FILE_REFUSED, "The file is refused (" + e.reason() + "): "
                    + e.getMessage(), List.of(new FieldError("file", e.reason().name())));
        }
    }

    private static ProblemException invalidFile(List<CellError> errors, ImportMode mode) {
        String listed = errors.size() > MAX_LISTED_ERRORS ? "; the first " + MAX_LISTED_ERRORS + " are listed" : "";
        return ProblemException.inCells(ProblemCode.IMPORT_INVALID, "The file has " + errors.size() + " error(s)"
                + listed + (mode == ImportMode.WHOLE_FILE ? "; nothing was proposed (or propose the valid rows only)"
                        : " and no valid row that changes anything; nothing was proposed"),
                errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS)));
    }

    private JsonObject importPayload(ImportPlan plan, String filename, String sha, ImportMode mode) {
        JsonArray units = new JsonArray();
        plan.units().forEach(u -> units.add(new JsonObject().put("row", u.row()).put("baseVersion", u.baseVersion())
                .put("unit", json(u.unit()))));
        JsonArray items = new JsonArray();
        plan.items().forEach(i -> items.add(new JsonObject().put("row", i.row())
                .put("item", new JsonObject(this.json.convertValue(i.draft(), Map.class)))));
        JsonArray skipped = new JsonArray();
        plan.errors().forEach(e -> skipped.add(new JsonObject().put("sheet", e.sheet()).put("row", e.row())
                .put("column", e.column()).put("message", e.message())));
        long created = plan.units().stream().filter(ImportPlan.UnitChange::creates).count();
        return new JsonObject().put("filename", filename).put("sha256", sha).put("mode", mode.name())
                .put("unitsCreated", created).put("unitsUpdated", plan.units().size() - created)
                .put("unitsUnchanged", plan.unchanged()).put("itemVersions", plan.items().size())
                .put("skipped", skipped).put("units", units).put("items", items);
    }

    /**
     * An approved import, applied in the decision's transaction in pipelined batches: the units created, then those
     * edited (each only if unchanged since the file was proposed), then the item versions (none may start in the
     * past by now). One row that no longer applies fails the whole approval, naming the row.
     */
    private Uni<Void> applyImport(SqlClient tx, Proposal p, String by, Instant now) {
        List<JsonObject> created = new java.util.ArrayList<>();
        List<JsonObject> updated = new java.util.ArrayList<>();
        for (Object u : p.payload().getJsonArray("units")) {
            (((JsonObject) u).getInteger("baseVersion") == null ? created : updated).add((JsonObject) u);
        }
        List<JsonObject> versions = p.payload().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
        List<ItemDraft> itemDrafts = versions.stream()
                .map(v -> json.convertValue(v.getJsonObject("item").getMap(), ItemDraft.class)).toList();
        for (int i = 0; i < itemDrafts.size(); i++) {
            if (itemDrafts.get(i).effectiveFrom().isBefore(today())) {
                return Uni.createFrom().failure(importRow(versions.get(i), "items", "its standard was to take effect"
                        + " on " + itemDrafts.get(i).effectiveFrom() + ", which has passed"));
            }
        }
        return units.insertAll(tx, created.stream().map(u -> draft(u.getJsonObject("unit"))).toList(), now)
                .chain(missed -> missed >= 0 ? Uni.createFrom().failure(importRow(created.get(missed), "units",
                        "the unit was created meanwhile"))
                        : units.updateAll(tx, updated.stream().map(u -> draft(u.getJsonObject("unit"))).toList(),
                                updated.stream().map(u -> u.getInteger("baseVersion")).toList(), now))
                .chain(missed -> missed >= 0 ? Uni.createFrom().failure(importRow(updated.get(missed), "units",
                        "the unit changed meanwhile"))
                        : items.insertVersions(tx, itemDrafts, by, now))
                .chain(missed -> missed >= 0 ? Uni.createFrom().failure(importRow(versions.get(missed), "items",
                        "the unit has a version of the item from that date already"))
                        : audit.append(tx, now, by, "CATALOG_IMPORTED", "CATALOG_PROPOSAL", Long.toString(p.id()),
                                Map.of("filename", p.payload().getString("filename"), "unitsCreated", created.size(),
                                        "unitsUpdated", updated.size(), "itemVersions", versions.size())));
    }

    private static ProblemException importRow(JsonObject row, String sheet, String why) {
        return new ProblemException(ProblemCode.PROPOSAL_STALE, "Row " + row.getInteger("row") + " of " + sheet
                + " no longer applies (" + why + "); propose the file again");
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A supervisor (not the proposer) approves: the change is applied with the decision, in one transaction. */
    public Uni<Proposal> approve(String who, long id, String reason) {
        return decide(who, id, Status.APPROVED, reason);
    }

    /** A supervisor (not the proposer) rejects: nothing changes but the proposal's status. */
    public Uni<Proposal> reject(String who, long id, String reason) {
        return decide(who, id, Status.REJECTED, reason);
    }

    /**
     * Issues a new secret for the unit: it is the current key at once, and the old one (if any) keeps verifying for
     * the configured overlap ({@code govclear.catalog.credential-overlap}). The secret is returned this once.
     */
    public Uni<IssuedKey> issueKey(String who, String code, Purpose purpose, String reason) {
        String secret = newSecret();
        Instant now = clock.instant();
        Instant overlapUntil = now.plus(config.catalog().credentialOverlap());
        return transactions.inTransaction(tx -> unit(tx, code).chain(unit -> {
                    if (unit.status() == UnitStatus.CLOSED) {
                        return Uni.createFrom().failure(new ProblemException(ProblemCode.PROPOSAL_INVALID,
                                "Unit " + code + " is closed"));
                    }
                    byte[] encrypted = personalData.encrypt(secret, CatalogService.secretContext(code, purpose));
                    return credentials.rotate(tx, unit.id(), purpose, encrypted, now, who, overlapUntil)
                            .call(no -> audit.append(tx, now, who, "CREDENTIAL_ISSUED", "UNIT", code,
                                    Map.of("purpose", purpose.name(), "keyNo", no, "reason", reason,
                                            "previousValidUntil", no > 1 ? overlapUntil.toString() : "-")))
                            .map(no -> new IssuedKey(code, purpose, no, secret, no > 1 ? overlapUntil : null));
                }))
                .call(catalog::reload);
    }

    /** Stops one of the unit's keys at once (a compromise); 404 when there is no such live key. */
    public Uni<Void> revokeKey(String who, String code, Purpose purpose, int no, String reason) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> unit(tx, code)
                        .chain(unit -> credentials.revoke(tx, unit.id(), purpose, no, now, who, reason))
                        .chain(revoked -> revoked.isEmpty()
                                ? Uni.createFrom().failure(new ProblemException(ProblemCode.CREDENTIAL_NOT_FOUND,
                                        "Unit " + code + " has no live " + purpose + " key " + no))
                                : audit.append(tx, now, who, "CREDENTIAL_REVOKED", "UNIT", code,
                                        Map.of("purpose", purpose.name(), "keyNo", no, "reason", reason))))
                .call(catalog::reload);
    }

    /**
     * The demo seed, through the same steps an approval takes (without the queue: there is no second person): each
     * unit is created when missing or brought to the draft when it differs, audited as {@code actor}.
     */
    public Uni<Void> seed(List<UnitDraft> drafts, String actor, String reason) {
        return Multi.createFrom().iterable(drafts)
                .onItem().transformToUniAndConcatenate(d -> transactions.inTransaction(tx -> units.find(tx, d.code())
                        .chain(found -> {
                            if (found.isPresent() && found.get().draft().equals(d)) {
                                return Uni.createFrom().voidItem();
                            }
                            Kind kind = found.isEmpty() ? Kind.UNIT_CREATE : Kind.UNIT_UPDATE;
                            return apply(tx, kind, json(d), found.map(StoredUnit::version).orElse(null), actor)
                                    .chain(() -> audit.append(tx, clock.instant(), actor, "CATALOG_SEEDED", "UNIT",
                                            d.code(), Map.of("kind", kind.name(), "reason", reason)));
                        }))
                        // another instance starting at the same moment seeded it first
                        .onFailure(ProblemException.class).recoverWithNull())
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Proposal> decide(String who, long id, Status decision, String reason) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> proposals.lock(tx, id)
                        .chain(found -> {
                            Proposal p = found.orElseThrow(() -> new ProblemException(ProblemCode.PROPOSAL_NOT_FOUND,
                                    "No catalog proposal " + id));
                            if (p.status() != Status.PENDING) {
                                throw new ProblemException(ProblemCode.PROPOSAL_DECIDED,
                                        "Proposal " + id + " was " + p.status() + " by " + p.decidedBy());
                            }
                            if (p.proposedBy().equals(who)) {
                                throw new ProblemException(ProblemCode.OWN_PROPOSAL,
                                        "Proposal " + id + " is yours: another supervisor decides it");
                            }
                            Uni<Void> applied = decision == Status.APPROVED && p.kind() == Kind.UNIT_CLOSE
                                    ? close(tx, p, who, now)
                                    : decision == Status.APPROVED && p.kind() == Kind.IMPORT
                                    ? applyImport(tx, p, who, now)
                                    : decision == Status.APPROVED
                                    ? apply(tx, p.kind(), p.payload(), p.baseVersion(), who)
                                    : Uni.createFrom().voidItem();
                            return applied.chain(() -> proposals.decide(tx, id, decision, who, reason, now))
                                    .call(decided -> audit.append(tx, now, who, decision == Status.APPROVED
                                                    ? "CATALOG_APPROVED" : "CATALOG_REJECTED", "CATALOG_PROPOSAL",
                                            Long.toString(id), Map.of("kind", p.kind().name(), "subject", p.subject(),
                                                    "proposedBy", p.proposedBy(), "reason", reason)));
                        }))
                .call(decided -> decision == Status.APPROVED ? catalog.reload() : Uni.createFrom().voidItem());
    }

    /** A unit closed: it can no longer call, and each of its UNPAID bills is cancelled with the proposal's reason. */
    private Uni<Void> close(SqlClient tx, Proposal p, String by, Instant now) {
        return units.close(tx, p.subject(), p.baseVersion(), now)
                .chain(id -> id.isEmpty()
                        ? Uni.createFrom().failure(new ProblemException(ProblemCode.PROPOSAL_STALE, "Unit "
                                + p.subject() + " changed after the proposal was made; propose the change again"))
                        : orders.cancelAllOpen(tx, id.get(), "unit closed: " + p.reason(), now, by)
                                .chain(n -> audit.append(tx, now, by, "UNIT_CLOSED", "UNIT", p.subject(),
                                        Map.of("cancelledBills", n, "reason", p.reason()))));
    }

    private Uni<Void> apply(SqlClient tx, Kind kind, JsonObject payload, Integer version, String by) {
        Instant now = clock.instant();
        if (kind == Kind.ITEM_VERSION) {
            ItemDraft item = json.convertValue(payload.getMap(), ItemDraft.class);
            if (item.effectiveFrom().isBefore(today())) {
                return Uni.createFrom().failure(new ProblemException(ProblemCode.PROPOSAL_INVALID, "The standard of "
                        + item.code() + " was to take effect on " + item.effectiveFrom() + ", which has passed"));
            }
            return items.insertVersion(tx, item, by, now).chain(no -> no.isPresent() ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(versionExists(item)));
        }
        UnitDraft draft = draft(payload);
        Uni<Boolean> done = switch (kind) {
            case UNIT_CREATE -> units.insert(tx, draft, now).map(Optional::isPresent);
            case UNIT_UPDATE -> units.update(tx, draft, version, now);
            case UNIT_SUSPEND -> units.setStatus(tx, draft.code(), UnitStatus.ACTIVE, UnitStatus.SUSPENDED, version,
                    now);
            case UNIT_REACTIVATE -> units.setStatus(tx, draft.code(), UnitStatus.SUSPENDED, UnitStatus.ACTIVE,
                    version, now);
            case ITEM_VERSION, UNIT_CLOSE, IMPORT -> throw new IllegalStateException(kind.name());
        };
        return done.chain(ok -> ok ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(kind == Kind.UNIT_CREATE ? exists(draft.code())
                        : new ProblemException(ProblemCode.PROPOSAL_STALE, "Unit " + draft.code()
                                + " changed after the proposal was made; propose the change again")));
    }

    private Uni<Proposal> propose(SqlClient tx, String who, Kind kind, String subject, JsonObject payload,
            Integer version, String reason) {
        Instant now = clock.instant();
        return proposals.insert(tx, kind, subject, payload, version, reason, who, now)
                .map(p -> p.orElseThrow(() -> new ProblemException(ProblemCode.PROPOSAL_PENDING,
                        "Another change of " + subject + " awaits approval; decide it first")))
                .call(p -> audit.append(tx, now, who, "CATALOG_PROPOSED", "CATALOG_PROPOSAL", Long.toString(p.id()),
                        Map.of("kind", kind.name(), "subject", subject, "reason", reason)));
    }

    private Uni<StoredUnit> unit(SqlClient tx, String code) {
        return units.find(tx, code).map(u -> u.orElseThrow(() -> new ProblemException(ProblemCode.UNIT_NOT_FOUND,
                "No collecting unit " + code)));
    }

    private static void refuseInvalid(UnitDraft draft) {
        refuse(draft.errors());
    }

    private static void refuse(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, "The proposal has " + errors.size()
                    + " problem(s)", errors);
        }
    }

    private static ProblemException versionExists(ItemDraft d) {
        return new ProblemException(ProblemCode.PROPOSAL_INVALID, "Unit " + d.unitCode() + " has a version of "
                + d.code() + " from " + d.effectiveFrom() + " already");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
    }

    private static ProblemException exists(String code) {
        return new ProblemException(ProblemCode.UNIT_EXISTS, "Unit " + code + " exists or is proposed");
    }

    static JsonObject json(UnitDraft d) {
        return new JsonObject().put("code", d.code()).put("name", d.name()).put("regionCode", d.regionCode())
                .put("allowedChannels", new JsonArray(d.allowedChannels().stream().sorted().map(Enum::name).toList()))
                .put("settlementAccount", d.settlementAccount()).put("webhookUrl", d.webhookUrl());
    }

    static UnitDraft draft(JsonObject j) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        j.getJsonArray("allowedChannels").forEach(c -> channels.add(Channel.valueOf((String) c)));
        return new UnitDraft(j.getString("code"), j.getString("name"), j.getString("regionCode"), channels,
                j.getString("settlementAccount"), j.getString("webhookUrl"));
    }

    /** 32 random bytes, Base64url without padding (43 characters). */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
