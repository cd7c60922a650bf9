package io.govclear.order.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.catalog.Catalog;
import io.govclear.catalog.UnitStatus;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.Page;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.govclear.common.Validation;
import io.govclear.order.OrderStatus;
import io.govclear.order.PaymentCodes;
import io.govclear.order.repository.NewOrder;
import io.govclear.order.repository.OrderRepository;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.rest.CreateOrderRequest;
import io.govclear.security.Masking;
import io.govclear.security.PersonalData;
import io.govclear.security.SignedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Issues, finds, lists and cancels bills for collecting units. */
@Singleton
public class OrderService {

    private static final int MAX_DATE_DISTANCE_DAYS = 3653;

    @Inject Transactions transactions;
    @Inject OrderRepository orders;
    @Inject PaymentCodeAllocator codes;
    @Inject PersonalData personalData;
    @Inject Validator validator;
    @Inject ObjectMapper json;
    @Inject Clock clock;
    @Inject GovClearConfig config;
    @Inject MeterRegistry registry;
    private final Map<String, Counter> issued = new ConcurrentHashMap<>();

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
    }

    /**
     * Issues bills, each idempotent on (unit, unitOrderNo) with a hash of its request: new → Created, seen with the
     * same request → Existing, otherwise Rejected. The request nonce is recorded in the same statement as the
     * inserts; a replayed nonce fails the whole call with 401 and changes nothing, as does a suspended unit's (403
     * UNIT_SUSPENDED).
     */
    public Uni<List<IssueOutcome>> issue(SignedRequest request, List<CreateOrderRequest> bills) {
        Catalog.Unit unit = request.unit();
        if (unit.status() == UnitStatus.SUSPENDED) {
            return Uni.createFrom().failure(new ProblemException(ProblemCode.UNIT_SUSPENDED,
                    "Unit " + unit.code() + " is suspended and cannot issue bills"));
        }
        LocalDate today = today();
        IssueOutcome[] outcomes = new IssueOutcome[bills.size()];
        Map<String, Prepared> toInsert = new LinkedHashMap<>();
        Map<Integer, Prepared> slots = new HashMap<>();
        for (int i = 0; i < bills.size(); i++) {
            CreateOrderRequest bill = bills.get(i);
            try {
                Prepared p = prepare(unit, bill, today);
                Prepared first = toInsert.putIfAbsent(p.unitOrderNo(), p);
                if (first != null && !MessageDigest.isEqual(first.requestHash(), p.requestHash())) {
                    throw conflict(p.unitOrderNo());
                }
                slots.put(i, first == null ? p : first);
            } catch (ProblemException e) {
                outcomes[i] = new IssueOutcome.Rejected(bill == null ? null : bill.unitOrderNo(), e);
            }
        }
        if (toInsert.isEmpty()) {
            return Uni.createFrom().item(List.of(outcomes));
        }
        List<Prepared> prepared = new ArrayList<>(toInsert.values());
        Instant now = request.receivedAt();
        return codes.allocate(unit, today, prepared.size())
                .map(allocated -> {
                    List<NewOrder> rows = new ArrayList<>(prepared.size());
                    for (int i = 0; i < prepared.size(); i++) {
                        rows.add(prepared.get(i).toNewOrder(allocated.get(i)));
                    }
                    return rows;
                })
                .chain(rows -> orders.insertAll(unit.id(), request.keyNo(), request.nonce(), now, nonceCutoff(now), rows)
                        .chain(result -> {
                            if (!result.freshNonce()) {
                                return Uni.createFrom().failure(replayed());
                            }
                            Map<String, IssueOutcome> byNo = new HashMap<>();
                            Map<String, NewOrder> rowsByNo = rows.stream()
                                    .collect(Collectors.toMap(NewOrder::unitOrderNo, r -> r));
                            for (int i = 0; i < result.unitOrderNos().size(); i++) {
                                String no = result.unitOrderNos().get(i);
                                StoredOrder created = stored(result.ids().get(i), unit.id(), rowsByNo.get(no), now);
                                byNo.put(no, new IssueOutcome.Created(created));
                                countIssued(unit, toInsert.get(no).category);
                            }
                            Set<String> existing = new TreeSet<>(toInsert.keySet());
                            existing.removeAll(byNo.keySet());
                            if (existing.isEmpty()) {
                                return Uni.createFrom().item(byNo);
                            }
                            return orders.findByUnitOrderNos(unit.id(), existing)
                                    .map(found -> {
                                        for (StoredOrder o : found) {
                                            byte[] hash = toInsert.get(o.unitOrderNo()).requestHash();
                                            byNo.put(o.unitOrderNo(), MessageDigest.isEqual(hash, o.requestHash())
                                                    ? new IssueOutcome.Existing(o)
                                                    : new IssueOutcome.Rejected(o.unitOrderNo(),
                                                            conflict(o.unitOrderNo())));
                                        }
                                        return byNo;
                                    });
                        }))
                .map(byNo -> {
                    for (var slot : slots.entrySet()) {
                        outcomes[slot.getKey()] = byNo.get(slot.getValue().unitOrderNo());
                    }
                    return List.of(outcomes);
                });
    }

    /** A unit's own bill; a foreign or unknown code is 404, a malformed one 400 before any query. */
    public Uni<StoredOrder> find(SignedRequest request, String paymentCode) {
        requireValidCode(paymentCode);
        return recordNonce(request)
                .chain(() -> orders.findByCode(paymentCode))
                .map(found -> found.filter(o -> o.unitId() == request.unit().id())
                        .orElseThrow(() -> notFound(paymentCode)));
    }

    /** The public view of a bill by its payment code. */
    public Uni<StoredOrder> findPublic(String paymentCode) {
        requireValidCode(paymentCode);
        return orders.findByCode(paymentCode)
                .map(found -> found.orElseThrow(() -> notFound(paymentCode)));
    }

    public Uni<Page<StoredOrder>> list(SignedRequest request, OrderStatus status, LocalDate from, LocalDate to,
            int page, int size) {
        Instant start = from == null ? null : from.atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        return recordNonce(request)
                .chain(() -> orders.list(request.unit().id(), status, start, end, page, size));
    }

    /**
     * Cancels an unpaid bill (compare-and-set, with history and audit). Cancelling a cancelled bill again answers
     * with the bill, so a unit may retry; any other status is 409 ORDER_NOT_CANCELLABLE.
     */
    public Uni<StoredOrder> cancel(SignedRequest request, String paymentCode, String reason) {
        return find(request, paymentCode)
                .chain(order -> {
                    if (order.status() == OrderStatus.CANCELLED) {
                        return Uni.createFrom().item(order);
                    }
                    if (!OrderStatus.MACHINE.allows(order.status(), OrderStatus.CANCELLED)) {
                        return Uni.createFrom().failure(notCancellable(order.status()));
                    }
                    return orders.transition(transactions.autoCommit(), order.id(), order.paymentCode(), order.status(),
                                    OrderStatus.CANCELLED, reason == null ? "cancelled by unit" : reason,
                                    request.receivedAt(), "UNIT", request.unit().code(), "ORDER_CANCELLED")
                            // re-read: if another request moved it first, report what it is now
                            .chain(changed -> orders.findByCode(paymentCode).map(Optional::orElseThrow))
                            .chain(now -> now.status() == OrderStatus.CANCELLED
                                    ? Uni.createFrom().item(now)
                                    : Uni.createFrom().failure(notCancellable(now.status())));
                });
    }

    /** Forgets nonces older than the TTL: a plain DELETE, harmless when N instances run it at once. */
    @Scheduled(every = "60s", identity = "nonce-purge", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeNonces() {
        return orders.purgeNonces(nonceCutoff(clock.instant())).replaceWithVoid();
    }

    /** Records a signed request's nonce (replay protection) for a call that writes nothing else; 401 on a replay. */
    public Uni<Void> recordNonce(SignedRequest request) {
        return orders.recordNonce(request.unit().id(), request.keyNo(), request.nonce(), request.receivedAt(),
                        nonceCutoff(request.receivedAt()))
                .chain(fresh -> fresh ? Uni.createFrom().voidItem() : Uni.createFrom().failure(replayed()));
    }

    private Instant nonceCutoff(Instant now) {
        return now.minus(config.security().nonceTtl());
    }

    /** Validates one bill against its constraints and the unit's catalog; nothing is written. */
    private Prepared prepare(Catalog.Unit unit, CreateOrderRequest bill, LocalDate today) {
        if (bill == null) {
            throw ProblemException.invalid("order", "must not be null");
        }
        Set<ConstraintViolation<CreateOrderRequest>> violations = validator.validate(bill);
        if (!violations.isEmpty()) {
            throw Validation.toProblem(violations);
        }
        if (Math.abs(bill.dueDate().toEpochDay() - today.toEpochDay()) > MAX_DATE_DISTANCE_DAYS) {
            throw ProblemException.invalid("dueDate", "must be within ten years of today");
        }
        if (bill.payableUntil() != null) {
            if (bill.payableUntil().isBefore(bill.dueDate())) {
                throw ProblemException.invalid("payableUntil", "must not be before dueDate");
            }
            if (bill.payableUntil().isBefore(today)) {
                throw ProblemException.invalid("payableUntil", "must not be in the past");
            }
        }
        List<StoredOrder.Line> lines = new ArrayList<>(bill.lines().size());
        Set<String> categories = new TreeSet<>();
        long principal = 0;
        for (int i = 0; i < bill.lines().size(); i++) {
            CreateOrderRequest.Line line = bill.lines().get(i);
            String field = "lines[" + i + "]";
            Catalog.Item item = unit.item(line.itemCode(), today).filter(Catalog.Item::active)
                    .orElseThrow(() -> new ProblemException(ProblemCode.UNKNOWN_ITEM,
                            "Unit " + unit.code() + " has no charge item " + line.itemCode(),
                            List.of(new ProblemException.FieldError(field + ".itemCode", "not an item of this unit"))));
            long amount = BillRules.amountOf(item, line.amountFen(), field);
            lines.add(new StoredOrder.Line(i + 1, item.id(), amount));
            categories.add(item.category().name());
            principal += amount;
        }
        if (principal > config.orders().maxAmountFen()) {
            throw new ProblemException(ProblemCode.AMOUNT_TOO_LARGE,
                    "A bill may total at most " + config.orders().maxAmountFen() + " fen",
                    List.of(new ProblemException.FieldError("lines", "total exceeds the maximum")));
        }
        return new Prepared(bill, lines, principal, BillRules.requestHash(bill, lines), String.join("+", categories));
    }

    /** Plain payer data as encrypted at rest. */
    record PayerPlain(String name, String idNumber, String phone) {
    }

    /** A validated bill, before its payment code is known. */
    private final class Prepared {
        private final CreateOrderRequest bill;
        private final List<StoredOrder.Line> lines;
        private final long principalFen;
        private final byte[] requestHash;
        /** Item categories of the bill, for the issued-bills metric ("FINE", or "EXAM_FEE+TUITION"). */
        private final String category;

        Prepared(CreateOrderRequest bill, List<StoredOrder.Line> lines, long principalFen, byte[] requestHash,
                String category) {
            this.bill = bill;
            this.lines = lines;
            this.principalFen = principalFen;
            this.requestHash = requestHash;
            this.category = category;
        }

        String unitOrderNo() {
            return bill.unitOrderNo();
        }

        byte[] requestHash() {
            return requestHash;
        }

        NewOrder toNewOrder(String paymentCode) {
            CreateOrderRequest.Payer payer = bill.payer();
            String idNumber = BillRules.upper(payer.idNumber());
            byte[] encrypted;
            try {
                encrypted = personalData.encrypt(
                        json.writeValueAsString(new PayerPlain(payer.name(), idNumber, payer.phone())),
                        payerContext(paymentCode));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return new NewOrder(paymentCode, bill.unitOrderNo(), requestHash, principalFen, bill.dueDate(),
                    bill.payableUntil(), bill.description(), Masking.name(payer.name()), Masking.idNumber(idNumber),
                    Masking.phone(payer.phone()), encrypted, personalData.lookupHash(idNumber),
                    personalData.lookupHash(payer.phone()), lines);
        }
    }

    /** Binds a payer ciphertext to its bill. */
    public static String payerContext(String paymentCode) {
        return "payer|" + paymentCode;
    }

    private static StoredOrder stored(long id, long unitId, NewOrder row, Instant createdAt) {
        return new StoredOrder(id, row.paymentCode(), unitId, row.unitOrderNo(), row.requestHash(),
                OrderStatus.UNPAID, row.principalFen(), row.dueDate(), row.payableUntil(), row.description(),
                row.payerNameMasked(), row.payerIdMasked(), row.payerPhoneMasked(), createdAt, row.lines());
    }

    private void countIssued(Catalog.Unit unit, String category) {
        issued.computeIfAbsent(unit.code() + "|" + category,
                key -> Counter.builder("govclear.bills.issued").description("Bills issued, by unit and item category")
                        .tag("unit", unit.code()).tag("category", category).register(registry))
                .increment();
    }

    private static void requireValidCode(String paymentCode) {
        if (!PaymentCodes.isValid(paymentCode)) {
            throw new ProblemException(ProblemCode.INVALID_PAYMENT_CODE,
                    "A payment code is 20 digits whose last digit is a Luhn check digit");
        }
    }

    private static ProblemException notFound(String paymentCode) {
        return new ProblemException(ProblemCode.ORDER_NOT_FOUND, "No bill with payment code " + paymentCode);
    }

    private static ProblemException conflict(String unitOrderNo) {
        return new ProblemException(ProblemCode.IDEMPOTENCY_CONFLICT,
                "unitOrderNo " + unitOrderNo + " was already used for a different request");
    }

    private static ProblemException replayed() {
        return new ProblemException(ProblemCode.REPLAYED_NONCE, "This nonce was used within the last 10 minutes");
    }

    private static ProblemException notCancellable(OrderStatus status) {
        return new ProblemException(ProblemCode.ORDER_NOT_CANCELLABLE, "Only an unpaid bill can be cancelled; it is "
                + status);
    }
}
