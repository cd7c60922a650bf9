package io.govclear.simulator.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govclear.simulator.SettlementTotals;
import io.govclear.simulator.SimClock;
import io.govclear.simulator.SimulatorConfig;
import io.govclear.simulator.SimProblem;
import io.govclear.simulator.StatementFault;
import io.govclear.simulator.StatementFaults;
import io.govclear.simulator.DurableMap;
import io.govclear.simulator.SimStore;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.util.UUID;
import java.util.regex.Pattern;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated banks (ICBC, ABC), HTTP neighbours of the engine. A teller queries the engine's counter API with a
 * payment code, takes the amount due and confirms it, and may reverse it, always over signed HTTP; the bank keeps
 * what it confirmed in the durable store, answers the engine's signed confirmation queries and refunds, and writes the
 * day-end file.
 */
@Singleton
public class BankSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SERIAL_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(10);
    private static final String OK = "0000";
    /** How far a request's timestamp may be from the bank's clock. */
    private static final long WINDOW_SECONDS = 300;
    private static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** One simulated bank: its keys, its confirmed payments by serial number, its refunds. */
    private record Branch(BankKeys keys, DurableMap<CounterPayment> payments, DurableMap<SimRefund> refunds,
            StatementFaults statementFaults) {

        SimBank bank() {
            return keys.bank();
        }
    }

    /**
     * A refund the engine asked for, kept under confirmation number and refund id; refundedAt dates it for the agent
     * bank's gross settlement (null in a store written before it was kept).
     */
    record SimRefund(String confirmationNo, String refundNo, long refundFen, Instant refundedAt) {
    }

    private final Map<SimBank, Branch> branches = new EnumMap<>(SimBank.class);
    private final AtomicLong serials = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000_000L));
    private final HttpClient http;
    private final Clock clock;
    private final String engineUrl;

    BankSimulator(BankSimulatorConfig config, Vertx vertx, Clock clock, SimulatorConfig simulatorConfig,
            SimStore store) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(16).setConnectTimeout(5_000));
        this.clock = clock;
        this.engineUrl = simulatorConfig.engineUrl();
        for (SimBank bank : SimBank.values()) {
            BankSimulatorConfig.Keys keys = bank == SimBank.ICBC ? config.icbc() : config.abc();
            if (keys.bankPrivateKey().isPresent() && keys.enginePublicKey().isPresent()) {
                String prefix = "bank-" + bank.code();
                branches.put(bank, new Branch(new BankKeys(bank, keys.bankPrivateKey().get(),
                        keys.enginePublicKey().get()), store.map(prefix + ".payments", CounterPayment.class),
                        store.map(prefix + ".refunds", SimRefund.class),
                        new StatementFaults(store.map(prefix + ".statement-faults", StatementFault.class))));
            }
        }
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    /**
     * A teller takes a payment: query (unless skipped), collect the amount due (or the requested one), confirm with a
     * new serial number, then optionally confirm again and reverse. No amount to collect (the query refused and none
     * was given): the teller stops after the query.
     */
    public Uni<CounterOutcome> counterPayment(String bankCode, CounterRequest request) {
        Branch branch = branch(bankCode);
        if (request == null || request.paymentCode() == null) {
            throw SimProblem.invalid("paymentCode", "must not be null");
        }
        Instant now = clock.instant();
        String serial = request.bankSerialNo() != null ? request.bankSerialNo() : newSerial(branch.bank(), now);
        Uni<JsonNode> query = Boolean.TRUE.equals(request.skipQuery()) ? Uni.createFrom().nullItem()
                : engine(branch, "query", JSON.createObjectNode().put("paymentCode", request.paymentCode()));
        return query.chain(queried -> {
            Long amount = request.amountFen() != null ? request.amountFen()
                    : queried != null && OK.equals(queried.path("code").asText())
                            ? Long.valueOf(queried.path("amountDueFen").asLong()) : null;
            if (amount == null) {
                return Uni.createFrom().item(new CounterOutcome(bankCode, request.paymentCode(), serial, null, null,
                        queried, null, null, null));
            }
            ObjectNode confirm = JSON.createObjectNode()
                    .put("paymentCode", request.paymentCode())
                    .put("amountFen", amount)
                    .put("bankSerialNo", serial)
                    .put("paidAt", OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.SECONDS), SimClock.ZONE)
                            .toString());
            return confirmed(branch, confirm, now)
                    .chain(first -> (Boolean.TRUE.equals(request.repeatConfirm()) ? confirmed(branch, confirm, now)
                                    : Uni.createFrom().<JsonNode>nullItem())
                            .chain(repeat -> {
                                String confirmationNo = first.path("confirmationNo").asText(null);
                                Uni<JsonNode> reverse = Boolean.TRUE.equals(request.reverse()) && confirmationNo != null
                                        ? reverse(bankCode, serial) : Uni.createFrom().nullItem();
                                return reverse.map(reversed -> new CounterOutcome(bankCode, request.paymentCode(),
                                        serial, amount, confirmationNo, queried, first, repeat, reversed));
                            }));
        });
    }

    /** The teller reverses a confirmed payment (冲销); 404 when this bank confirmed nothing with that serial. */
    public Uni<JsonNode> reverse(String bankCode, String bankSerialNo) {
        Branch branch = branch(bankCode);
        CounterPayment payment = branch.payments().get(bankSerialNo);
        if (payment == null) {
            throw SimProblem.notFound("PAYMENT_NOT_FOUND", "No counter payment with serial " + bankSerialNo);
        }
        return engine(branch, "reverse", JSON.createObjectNode()
                        .put("paymentCode", payment.paymentCode())
                        .put("bankSerialNo", bankSerialNo))
                .invoke(answer -> {
                    if (OK.equals(answer.path("code").asText())) {
                        branch.payments().computeIfPresent(bankSerialNo, (serial, p) -> p.reversedNow());
                    }
                });
    }

    /**
     * Makes a business date's day-end file differ from the truth (see {@link StatementFault}; a fault's paymentId is
     * the engine's confirmation number): ADD_CHANNEL_ONLY adds a payment confirmed at noon that the engine never
     * heard of (a confirmation number of its own). Returns the fault with the confirmation number it concerns.
     */
    public StatementFault addStatementFault(String bankCode, StatementFault request) {
        Branch branch = branch(bankCode);
        StatementFault fault = StatementFaults.checked(request);
        if (fault.kind() != StatementFault.Kind.ADD_CHANNEL_ONLY) {
            branch.statementFaults().add(fault);
            return fault;
        }
        Instant paidAt = fault.businessDate().atTime(12, 0).atZone(SimClock.ZONE).toInstant();
        String serial = newSerial(branch.bank(), paidAt);
        String confirmationNo = fault.paymentId() != null ? fault.paymentId()
                : "SIM" + serial.substring(Math.max(0, serial.length() - 17));
        long amount = fault.amountFen() != null ? fault.amountFen() : 100;
        branch.payments().put(serial, new CounterPayment("00000000000000000000", amount, serial, confirmationNo,
                paidAt, false));
        return new StatementFault(fault.businessDate(), fault.kind(), confirmationNo, amount);
    }

    /**
     * The day-end file of a business date, UTF-8 text: a header {@code H|bank|businessDate|count|sumFen}, then one
     * {@code D|paymentCode|amountFen|bankSerialNo|confirmationNo|paidAt} line per confirmed payment of that day
     * (reversed ones left out), oldest first; statement faults applied.
     */
    public byte[] statement(String bankCode, LocalDate businessDate) {
        Branch branch = branch(bankCode);
        if (businessDate.isAfter(LocalDate.ofInstant(clock.instant(), SimClock.ZONE))) {
            throw SimProblem.notFound("STATEMENT_NOT_READY", "No day-end file for " + businessDate + " yet");
        }
        List<CounterPayment> lines = dayEndLines(branch, businessDate);
        StringBuilder file = new StringBuilder();
        file.append("H|").append(branch.bank().name()).append('|').append(businessDate).append('|')
                .append(lines.size()).append('|').append(lines.stream().mapToLong(CounterPayment::amountFen).sum())
                .append('\n');
        for (CounterPayment p : lines) {
            file.append("D|").append(p.paymentCode()).append('|').append(p.amountFen()).append('|')
                    .append(p.bankSerialNo()).append('|').append(p.confirmationNo()).append('|')
                    .append(OffsetDateTime.ofInstant(p.paidAt(), SimClock.ZONE)).append('\n');
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the bank settles for a business date, gross: the sum of its day-end file (faults applied) and the refunds
     * it made that day (which the day-end file does not list); no fees.
     */
    public SettlementTotals settlementTotals(String bankCode, LocalDate businessDate) {
        Branch branch = branch(bankCode);
        long paid = dayEndLines(branch, businessDate).stream().mapToLong(CounterPayment::amountFen).sum();
        long refunded = branch.refunds().values().stream()
                .filter(r -> r.refundedAt() != null && LocalDate.ofInstant(r.refundedAt(), SimClock.ZONE)
                        .equals(businessDate))
                .mapToLong(SimRefund::refundFen).sum();
        return new SettlementTotals(paid, refunded, 0);
    }

    /** The days the bank took or refunded anything on; none for a bank without keys (it serves nothing). */
    public Set<LocalDate> activeDates(String bankCode) {
        Branch branch = SimBank.byCode(bankCode).map(branches::get).orElse(null);
        Set<LocalDate> dates = new TreeSet<>();
        if (branch != null) {
            branch.payments().values().forEach(p -> dates.add(LocalDate.ofInstant(p.paidAt(), SimClock.ZONE)));
            branch.refunds().values().stream().filter(r -> r.refundedAt() != null)
                    .forEach(r -> dates.add(LocalDate.ofInstant(r.refundedAt(), SimClock.ZONE)));
        }
        return dates;
    }

    /** The lines of a business date's day-end file, oldest first, faults applied: for the file and its sum alike. */
    private static List<CounterPayment> dayEndLines(Branch branch, LocalDate businessDate) {
        StatementFaults faults = branch.statementFaults();
        return branch.payments().values().stream()
                .filter(p -> !p.reversed()
                        && LocalDate.ofInstant(p.paidAt(), SimClock.ZONE).equals(businessDate)
                        && !faults.leftOut(businessDate, p.confirmationNo()))
                .map(p -> p.listedWith(faults.alteredAmount(businessDate, p.confirmationNo(), p.amountFen())
                        .orElse(p.amountFen())))
                .sorted(Comparator.comparing(CounterPayment::paidAt).thenComparing(CounterPayment::bankSerialNo))
                .toList();
    }

    /** Checks a signed request from the engine (401 problem otherwise). */
    public void verifyEngine(String bankCode, String method, String path, byte[] body, Map<String, String> headers) {
        Branch branch = branch(bankCode);
        String code = headers.get(BankKeys.CODE);
        String timestamp = headers.get(BankKeys.TIMESTAMP);
        String nonce = headers.get(BankKeys.NONCE);
        String signature = headers.get(BankKeys.SIGNATURE);
        if (code == null || timestamp == null || nonce == null || signature == null) {
            throw SimProblem.unauthorized("INVALID_SIGNATURE", "The request is not signed (X-Bank-* headers)");
        }
        if (!branch.bank().code().equals(code)) {
            throw SimProblem.unauthorized("INVALID_SIGNATURE", BankKeys.CODE + " does not name the bank of this path");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw SimProblem.unauthorized("INVALID_SIGNATURE", BankKeys.TIMESTAMP + " must be Unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - ts) > WINDOW_SECONDS) {
            throw SimProblem.unauthorized("STALE_TIMESTAMP", BankKeys.TIMESTAMP + " is too far from the bank's clock");
        }
        if (!NONCE_FORMAT.matcher(nonce).matches()) {
            throw SimProblem.unauthorized("INVALID_NONCE", BankKeys.NONCE + " must be 16-64 letters, digits, - or _");
        }
        if (!branch.keys().engineSigned(BankKeys.requestContent(code, method, path, ts, nonce, body), signature)) {
            throw SimProblem.unauthorized("INVALID_SIGNATURE", "The request signature does not verify");
        }
    }

    /** The bank's signed answer headers for a request that carried {@code nonce}. */
    public Map<String, String> signAnswer(String bankCode, String path, String nonce, byte[] body) {
        Branch branch = branch(bankCode);
        long now = clock.instant().getEpochSecond();
        return Map.of(BankKeys.TIMESTAMP, Long.toString(now), BankKeys.NONCE, nonce, BankKeys.SIGNATURE,
                branch.keys().sign(BankKeys.answerContent(branch.bank().code(), path, now, nonce, body)));
    }

    /** The engine asks about one confirmation: its state at the bank. */
    public ObjectNode confirmation(String bankCode, JsonNode request) {
        Branch branch = branch(bankCode);
        String confirmationNo = request.path("confirmationNo").asText();
        return branch.payments().values().stream()
                .filter(p -> p.confirmationNo().equals(confirmationNo))
                .findFirst()
                .map(p -> ok().put("confirmationNo", confirmationNo)
                        .put("state", p.reversed() ? "REVERSED" : "CONFIRMED")
                        .put("paymentCode", p.paymentCode())
                        .put("bankSerialNo", p.bankSerialNo())
                        .put("amountFen", p.amountFen())
                        .put("paidAt", OffsetDateTime.ofInstant(p.paidAt(), SimClock.ZONE).toString()))
                .orElseGet(() -> refused("1011", "NO_SUCH_CONFIRMATION", "no such confirmation"));
    }

    /** The engine refunds (part of) a confirmed payment; the same refund id again is the same refund. */
    public ObjectNode refund(String bankCode, JsonNode request) {
        Branch branch = branch(bankCode);
        String confirmationNo = request.path("confirmationNo").asText();
        String refundId = request.path("refundId").asText("");
        long refundFen = request.path("refundFen").asLong();
        CounterPayment payment = branch.payments().values().stream()
                .filter(p -> p.confirmationNo().equals(confirmationNo) && !p.reversed())
                .findFirst().orElse(null);
        if (payment == null || refundId.isEmpty() || refundFen <= 0) {
            return refused("1011", "NO_SUCH_CONFIRMATION", "no confirmed payment " + confirmationNo);
        }
        synchronized (branch) {
            SimRefund existing = branch.refunds().get(confirmationNo + "|" + refundId);
            if (existing != null) {
                return existing.refundFen() == refundFen ? ok().put("refundNo", existing.refundNo())
                        : refused("3002", "REFUND_CONFLICT", "refund " + refundId + " was for another amount");
            }
            long refunded = branch.refunds().values().stream()
                    .filter(r -> r.confirmationNo().equals(confirmationNo))
                    .mapToLong(SimRefund::refundFen).sum();
            if (refunded + refundFen > payment.amountFen()) {
                return refused("3003", "REFUND_EXCEEDS_PAYMENT", "refunds would exceed the payment");
            }
            Instant now = clock.instant();
            SimRefund refund = new SimRefund(confirmationNo, "R" + newSerial(branch.bank(), now), refundFen, now);
            branch.refunds().put(confirmationNo + "|" + refundId, refund);
            return ok().put("refundNo", refund.refundNo());
        }
    }

    /** The engine asks about a refund it requested. */
    public ObjectNode refundQuery(String bankCode, JsonNode request) {
        SimRefund refund = branch(bankCode).refunds().get(request.path("confirmationNo").asText() + "|"
                + request.path("refundId").asText());
        return refund == null ? refused("3001", "NO_SUCH_REFUND", "no such refund")
                : ok().put("refundNo", refund.refundNo()).put("refundFen", refund.refundFen());
    }

    private Uni<JsonNode> confirmed(Branch branch, ObjectNode confirm, Instant paidAt) {
        return engine(branch, "confirm", confirm)
                .invoke(answer -> {
                    String confirmationNo = answer.path("confirmationNo").asText(null);
                    if (confirmationNo != null) {
                        String serial = confirm.path("bankSerialNo").asText();
                        branch.payments().putIfAbsent(serial, new CounterPayment(confirm.path("paymentCode").asText(),
                                confirm.path("amountFen").asLong(), serial, confirmationNo,
                                paidAt.truncatedTo(ChronoUnit.SECONDS), false));
                    }
                });
    }

    /** One signed call to the engine's counter API: its answer, or what went wrong with it. */
    private Uni<JsonNode> engine(Branch branch, String operation, ObjectNode body) {
        String url = engineUrl + "/bank/v1/" + branch.bank().code() + "/" + operation;
        String path = URI.create(url).getRawPath();
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String code = branch.bank().code();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json")
                .putHeader(BankKeys.CODE, code)
                .putHeader(BankKeys.TIMESTAMP, Long.toString(timestamp))
                .putHeader(BankKeys.NONCE, nonce)
                .putHeader(BankKeys.SIGNATURE,
                        branch.keys().sign(BankKeys.requestContent(code, "POST", path, timestamp, nonce, bytes)))
                .setIdleTimeout(ENGINE_TIMEOUT.toMillis());
        return http.request(request)
                .chain(sent -> sent.send(Buffer.buffer(bytes)))
                .chain(response -> response.body().map(answer -> {
                    byte[] received = answer.getBytes();
                    String problem = answerProblem(branch, path, nonce, received,
                            response.getHeader(BankKeys.TIMESTAMP), response.getHeader(BankKeys.NONCE),
                            response.getHeader(BankKeys.SIGNATURE));
                    JsonNode parsed = parse(received);
                    if (problem == null && response.statusCode() == 200 && parsed != null) {
                        return parsed;
                    }
                    ObjectNode failed = JSON.createObjectNode()
                            .put("httpStatus", response.statusCode())
                            .put("trusted", problem == null)
                            .put("problem", problem);
                    failed.set("body", parsed);
                    return failed;
                }))
                .onFailure().recoverWithItem(failure -> JSON.createObjectNode()
                        .put("httpStatus", 0)
                        .put("trusted", false)
                        .put("problem", "no answer: " + failure));
    }

    /** Why the engine's answer is not to be trusted, or null when its signature checks out for this request. */
    private static String answerProblem(Branch branch, String path, String nonce, byte[] body, String timestamp,
            String answerNonce, String signature) {
        if (timestamp == null || signature == null || !nonce.equals(answerNonce)) {
            return "answer not signed for this request";
        }
        try {
            return branch.keys().engineSigned(BankKeys.answerContent(branch.bank().code(), path,
                    Long.parseLong(timestamp), nonce, body), signature) ? null : "answer signature does not verify";
        } catch (NumberFormatException e) {
            return "malformed answer timestamp";
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
    }

    private String newSerial(SimBank bank, Instant now) {
        return bank.name() + SERIAL_DATE.format(now.atZone(SimClock.ZONE))
                + String.format("%010d", serials.incrementAndGet() % 10_000_000_000L);
    }

    private Branch branch(String bankCode) {
        return SimBank.byCode(bankCode)
                .map(branches::get)
                .orElseThrow(() -> SimProblem.notFound("BANK_NOT_FOUND", "No simulated bank " + bankCode));
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("code", OK).put("answer", "OK").put("message", "OK");
    }

    private static ObjectNode refused(String code, String answer, String message) {
        return JSON.createObjectNode().put("code", code).put("answer", answer).put("message", message);
    }
}
