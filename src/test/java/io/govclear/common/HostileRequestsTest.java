package io.govclear.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.bank.Bank;
import io.govclear.security.UnitSignature;
import io.govclear.settlement.PayoutConfirmations;
import io.govclear.support.BankApi;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.Hostile;
import io.govclear.support.Hostile.Body;
import io.govclear.support.Hostile.Field;
import io.govclear.support.Staff;
import io.govclear.support.UnitApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.inject.spi.CDI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14: generated hostile bodies and path segments ({@link Hostile}, jqwik's arbitraries under a fixed seed) at
 * every write endpoint. Each answer is below 500 (but for the notifies of WeChat Pay and UnionPay, whose 500 asks the
 * channel to send again), never a 2xx, and every 4xx is an {@code application/problem+json} with a code that refuses
 * the request itself (not a business answer, which would mean the malformed request was taken for a valid one); the
 * database is the same before and after (but the nonces of signed requests and the inbox of rejected notifies).
 */
@QuarkusTest
class HostileRequestsTest {

    private static final long SEED = 20_261_202L;
    private static final int BODIES = 60;
    private static final int PATHS = 25;
    private static final String UNIT = Bills.TRAFFIC;
    /** No refund, run, discrepancy, delivery has these ids. */
    private static final String NO_REFUND = "RF0000000001";
    private static final String NO_RUN = "999999999";
    private static final String NO_EVENT = "00000000-0000-0000-0000-000000000000";

    /** The codes that refuse a request as malformed, before anything is looked up. */
    private static final Set<String> REFUSED = Set.of("VALIDATION_FAILED", "UNKNOWN_FIELD", "MALFORMED_JSON",
            "BODY_REQUIRED", "BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE", "BODY_INVALID", "BATCH_TOO_LARGE",
            "INVALID_PATH", "INVALID_PAYMENT_CODE");
    /** What a bill line may also be refused for when its item or amount is hostile. */
    private static final Set<String> BILL_REFUSED = Set.of("UNKNOWN_ITEM", "AMOUNT_REQUIRED", "AMOUNT_MISMATCH",
            "AMOUNT_OUT_OF_RANGE", "AMOUNT_TOO_LARGE");
    /** A hostile path segment may also just name nothing. */
    private static final Set<String> NOTHING_THERE = Set.of("NOT_FOUND", "METHOD_NOT_ALLOWED", "ORDER_NOT_FOUND",
            "REFUND_NOT_FOUND", "RECONCILIATION_NOT_FOUND", "DISCREPANCY_NOT_FOUND", "SETTLEMENT_NOT_FOUND",
            "WEBHOOK_EVENT_NOT_FOUND", "MAINTENANCE_WINDOW_NOT_FOUND", "ALERT_NOT_FOUND");

    /**
     * A new unpaid bill (one per endpoint, so that one endpoint's bug leaves the next a bill to test with): the valid
     * version of each hostile body would change it (cancel, pay, confirm…).
     */
    private static String unpaid() {
        return Bills.issueFine(5000);
    }

    private static List<Field> bill() {
        return List.of(Field.string("unitOrderNo", "HOSTILE-" + SEED, true),
                Field.arrayOf("lines", true, Field.string("itemCode", "FINE-TRAFFIC", true),
                        Field.number("amountFen", "5000", true)),
                Field.object("payer", true, Field.string("name", "张三", true),
                        Field.string("idNumber", Bills.ID_NUMBER, true), Field.string("phone", Bills.PHONE, true)),
                Field.date("dueDate", Bills.today().plusDays(10).toString(), true),
                Field.date("payableUntil", Bills.today().plusDays(20).toString(), false),
                Field.string("description", "Penalty decision 330106-2026-0042", false));
    }

    // --- the unit API ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "issue", "batch", "cancel", "refund" })
    void unitApiBodies(String endpoint) {
        List<Field> fields = switch (endpoint) {
            case "issue" -> bill();
            case "batch" -> List.of(new Field("orders", Hostile.Kind.ARRAY, null, true, bill()));
            case "cancel" -> List.of(Field.string("reason", "payer paid at the counter", false));
            default -> List.of(Field.string("refundRequestNo", "RR-" + SEED, true),
                    Field.number("amountFen", "1000", true), Field.string("reason", "overpaid", true));
        };
        String path = switch (endpoint) {
            case "issue" -> "/api/v1/orders";
            case "batch" -> "/api/v1/orders/batch";
            case "cancel" -> "/api/v1/orders/" + unpaid() + "/cancel";
            default -> "/api/v1/orders/" + unpaid() + "/refunds";
        };
        List<Body> bodies = Hostile.cases(Hostile.jsonBodies(fields), SEED + endpoint.hashCode(), BODIES);
        if (endpoint.equals("cancel")) {
            // no body at all is the cancel without a reason (README)
            bodies = bodies.stream().filter(b -> b.bytes().length > 0).toList();
        }
        Set<String> allowed = endpoint.equals("issue") || endpoint.equals("batch") ? union(REFUSED, BILL_REFUSED)
                : REFUSED;
        run(path, bodies, body -> unit(path, body), allowed, Door.SIGNED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "cancel", "refund", "resend" })
    void unitApiPaths(String endpoint) {
        List<String> segments = Hostile.sample(Hostile.pathSegments(), SEED, PATHS);
        List<Body> cases = segments.stream().map(s -> new Body("path " + Hostile.abbreviate(s),
                (endpoint.equals("refund") ? "{\"refundRequestNo\":\"RR-1\",\"amountFen\":100,\"reason\":\"x\"}"
                        : endpoint.equals("cancel") ? "{}" : "").getBytes(StandardCharsets.UTF_8),
                endpoint.equals("resend") ? null : Hostile.JSON)).toList();
        List<String> paths = segments.stream().map(s -> switch (endpoint) {
            case "cancel" -> "/api/v1/orders/" + s + "/cancel";
            case "refund" -> "/api/v1/orders/" + s + "/refunds";
            default -> "/api/v1/webhook-deliveries/" + s + "/resend";
        }).toList();
        runPaths(paths, cases, (path, body) -> unit(path, body), Door.SIGNED);
    }

    private static Response unit(String path, Body body) {
        long timestamp = UnitApi.now();
        String nonce = UnitApi.nonce();
        String signature = UnitSignature.sign(("demo-secret-" + UNIT).getBytes(StandardCharsets.UTF_8), "POST", path,
                timestamp, nonce, body.bytes());
        RequestSpecification spec = given().urlEncodingEnabled(false)
                .header("X-GovClear-Unit", UNIT)
                .header("X-GovClear-Timestamp", Long.toString(timestamp))
                .header("X-GovClear-Nonce", nonce)
                .header("X-GovClear-Signature", signature)
                .body(body.bytes());
        return withType(spec, body).post(path);
    }

    // --- the bank counters -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "icbc/query", "icbc/confirm", "icbc/reverse", "abc/query", "abc/confirm",
            "abc/reverse" })
    void bankCounterBodies(String endpoint) {
        Bank bank = endpoint.startsWith("icbc") ? Bank.ICBC : Bank.ABC;
        String operation = endpoint.substring(endpoint.indexOf('/') + 1);
        Field code = Field.string("paymentCode", unpaid(), true);
        Field serial = Field.string("bankSerialNo", "T1234567890ABCDEF", true);
        List<Field> fields = switch (operation) {
            case "query" -> List.of(code);
            case "confirm" -> List.of(code, Field.number("amountFen", "5000", true), serial,
                    Field.instant("paidAt", "2026-11-23T10:15:30+08:00", true));
            default -> List.of(code, serial);
        };
        BankApi api = BankApi.as(bank);
        // a payment code that cannot be one (not 20 digits with its Luhn digit) is the protocol's signed
        // CHECK_FAILED answer (README "Bank counters"), before any look-up
        run("/bank/v1/" + endpoint, Hostile.cases(Hostile.jsonBodies(fields), SEED + endpoint.hashCode(),
                BODIES / 2), body -> {
                    Response r = api.sendBytes(operation, body.bytes(), body.contentType());
                    return r.statusCode() == 200 && "CHECK_FAILED".equals(r.jsonPath().getString("answer"))
                            && body.label().startsWith("paymentCode = ") ? null : r;
                }, REFUSED, Door.SIGNED);
    }

    // --- the payout bank ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "bodies", "paths" })
    void payoutConfirmation(String what) {
        String day = Bills.today().minusDays(1).toString();
        PayoutConfirmations confirmations = CDI.current().select(PayoutConfirmations.class).get();
        Function<String, java.util.function.BiFunction<String, Body, Response>> send = d -> (path, body) ->
                withType(given().urlEncodingEnabled(false).body(body.bytes())
                        .header(PayoutConfirmations.SIGNATURE_HEADER, confirmations.sign(body.bytes())), body)
                        .post(path);
        if (what.equals("bodies")) {
            List<Field> fields = List.of(Field.date("businessDate", day, true), Field.number("issueNo", "1", true),
                    Field.enumeration("outcome", "PAID", true), Field.string("bankReference", "BR-1", false),
                    Field.string("reason", "paid", false));
            String path = "/api/v1/settlements/" + day + "/payout-confirmation";
            run(path, Hostile.cases(Hostile.jsonBodies(fields), SEED, BODIES),
                    body -> send.apply(day).apply(path, body), REFUSED, Door.OPEN);
        } else {
            List<String> segments = Hostile.sample(Hostile.pathSegments(), SEED, PATHS);
            List<Body> cases = segments.stream().map(s -> new Body("path " + Hostile.abbreviate(s),
                    ("{\"businessDate\":\"" + day + "\",\"issueNo\":1,\"outcome\":\"PAID\"}")
                            .getBytes(StandardCharsets.UTF_8), Hostile.JSON)).toList();
            runPaths(segments.stream().map(s -> "/api/v1/settlements/" + s + "/payout-confirmation").toList(),
                    cases, send.apply(day), Door.OPEN);
        }
    }

    // --- finance staff -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "approve", "reject", "reconcile", "rerun", "resolve", "settle", "announce",
        "cancel-window", "redeliver", "acknowledge" })
    void staffBodies(String endpoint) {
        String yesterday = Bills.today().minusDays(1).toString();
        java.time.OffsetDateTime ahead = java.time.OffsetDateTime.now(io.govclear.common.Clocks.BUSINESS_ZONE)
                .plusDays(2).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Field reason = Field.string("reason", "checked with the channel", !endpoint.equals("approve"));
        List<Field> fields = switch (endpoint) {
            case "approve", "reject", "rerun", "cancel-window", "redeliver" -> List.of(reason);
            case "announce" -> List.of(Field.instant("startsAt", ahead.toString(), true),
                    Field.instant("endsAt", ahead.plusHours(1).toString(), true),
                    Field.string("note", "系统升级", false), reason);
            case "acknowledge" -> List.of(Field.string("note", "called the channel", true));
            case "reconcile" -> List.of(Field.enumeration("channel", "ALIPAY", true),
                    Field.date("businessDate", yesterday, true));
            case "resolve" -> List.of(Field.enumeration("action", "WRITE_OFF", true), reason);
            default -> List.of(Field.date("businessDate", yesterday, true));
        };
        String path = switch (endpoint) {
            case "approve" -> "/api/v1/refunds/" + NO_REFUND + "/approve";
            case "reject" -> "/api/v1/refunds/" + NO_REFUND + "/reject";
            case "reconcile" -> "/api/v1/reconciliations";
            case "rerun" -> "/api/v1/reconciliations/" + NO_RUN + "/rerun";
            case "resolve" -> "/api/v1/reconciliations/" + NO_RUN + "/discrepancies/" + NO_RUN + "/resolve";
            case "announce" -> "/api/v1/admin/channels/UNIONPAY/maintenance";
            case "cancel-window" -> "/api/v1/admin/channels/UNIONPAY/maintenance/" + NO_RUN + "/cancel";
            case "redeliver" -> "/api/v1/webhooks/events/" + NO_EVENT + "/redeliver";
            case "acknowledge" -> "/api/v1/alerts/" + NO_RUN + "/acknowledge";
            default -> "/api/v1/settlements";
        };
        String user = endpoint.equals("reconcile") || endpoint.equals("settle") ? "clerk"
                : endpoint.equals("announce") || endpoint.equals("cancel-window") ? "admin" : "supervisor";
        run(path, Hostile.cases(Hostile.jsonBodies(fields), SEED + endpoint.hashCode(), BODIES / 2),
                body -> withType(Staff.as(user).urlEncodingEnabled(false).body(body.bytes()), body).post(path),
                REFUSED, Door.STAFF);
    }

    @ParameterizedTest
    @ValueSource(strings = { "approve", "reject", "rerun", "resolve", "confirm", "reissue", "cancel-window",
        "redeliver", "acknowledge" })
    void staffPaths(String endpoint) {
        List<String> segments = Hostile.sample(Hostile.pathSegments(), SEED + endpoint.hashCode(), PATHS);
        String json = switch (endpoint) {
            case "approve", "reject", "rerun", "cancel-window", "redeliver" -> "{\"reason\":\"checked\"}";
            case "acknowledge" -> "{\"note\":\"checked\"}";
            case "resolve" -> "{\"action\":\"WRITE_OFF\",\"reason\":\"checked\"}";
            default -> null;
        };
        List<Body> cases = segments.stream().map(s -> new Body("path " + Hostile.abbreviate(s),
                json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8), json == null ? null
                        : Hostile.JSON)).toList();
        List<String> paths = segments.stream().map(s -> switch (endpoint) {
            case "approve", "reject" -> "/api/v1/refunds/" + s + "/" + endpoint;
            case "rerun" -> "/api/v1/reconciliations/" + s + "/rerun";
            case "resolve" -> "/api/v1/reconciliations/1/discrepancies/" + s + "/resolve";
            case "cancel-window" -> "/api/v1/admin/channels/UNIONPAY/maintenance/" + s + "/cancel";
            case "redeliver" -> "/api/v1/webhooks/events/" + s + "/redeliver";
            case "acknowledge" -> "/api/v1/alerts/" + s + "/acknowledge";
            default -> "/api/v1/settlements/" + s + "/" + endpoint;
        }).toList();
        String user = endpoint.equals("cancel-window") ? "admin" : "supervisor";
        runPaths(paths, cases, (path, body) -> withType(Staff.as(user).urlEncodingEnabled(false)
                .body(body.bytes()), body).post(path), Door.STAFF);
    }

    /**
     * A run's id is its digits as the API writes them: "+7", "07" or full-width digits name no run (Long.valueOf
     * took them for run 7, and a rerun of such a path re-ran it).
     */
    @org.junit.jupiter.api.Test
    void aRunIdInThePathIsItsDigitsExactly() {
        String day = Bills.today().minusDays(900).toString();
        long id = Staff.sendingJson("clerk").body("{\"channel\":\"ALIPAY\",\"businessDate\":\"" + day + "\"}")
                .post("/api/v1/reconciliations").then().statusCode(org.hamcrest.Matchers.either(
                        org.hamcrest.Matchers.is(201)).or(org.hamcrest.Matchers.is(200)))
                .extract().jsonPath().getLong("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Set.of("COMPLETED",
                "FAILED").contains(Staff.as("clerk").get("/api/v1/reconciliations/" + id).jsonPath()
                .getString("status")));
        String digits = Long.toString(id);
        StringBuilder fullWidth = new StringBuilder();
        digits.chars().forEach(c -> fullWidth.append((char) ('０' + (c - '0'))));
        List<String> variants = List.of("+" + digits, "%2B" + digits, "0" + digits, "00" + digits,
                java.net.URLEncoder.encode(fullWidth.toString(), StandardCharsets.UTF_8));
        List<Body> cases = variants.stream().map(v -> new Body("run id " + v,
                "{\"reason\":\"the channel re-issued its statement\"}".getBytes(StandardCharsets.UTF_8),
                Hostile.JSON)).toList();
        List<String> paths = variants.stream().map(v -> "/api/v1/reconciliations/" + v + "/rerun").toList();
        List<String> failures = new ArrayList<>();
        Db.assertNothingChangedBy(() -> {
            for (int i = 0; i < paths.size(); i++) {
                Response r = withType(Staff.as("supervisor").urlEncodingEnabled(false).body(cases.get(i).bytes()),
                        cases.get(i)).post(paths.get(i));
                check(cases.get(i), r, Set.of("RECONCILIATION_NOT_FOUND", "NOT_FOUND")).ifPresent(failures::add);
            }
        });
        assertThat(failures).isEmpty();
    }

    // --- the payer ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "bodies", "paths" })
    void checkout(String what) {
        if (what.equals("bodies")) {
            String path = "/api/v1/bills/" + unpaid() + "/payments";
            run(path, Hostile.cases(Hostile.jsonBodies(List.of(Field.enumeration("channel", "ALIPAY", false))),
                    SEED, BODIES), body -> withType(given().body(body.bytes()), body).post(path), REFUSED,
                    Door.OPEN);
        } else {
            List<String> segments = Hostile.sample(Hostile.pathSegments(), SEED, PATHS);
            List<Body> cases = segments.stream().map(s -> new Body("path " + Hostile.abbreviate(s),
                    "{\"channel\":\"ALIPAY\"}".getBytes(StandardCharsets.UTF_8), Hostile.JSON)).toList();
            runPaths(segments.stream().map(s -> "/api/v1/bills/" + s + "/payments").toList(), cases,
                    (path, body) -> withType(given().urlEncodingEnabled(false).body(body.bytes()), body).post(path),
                    Door.OPEN);
        }
    }

    // --- the channels' notifies --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "alipay", "wechat-pay", "unionpay" })
    void channelNotifies(String channel) {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("out_trade_no", "trade_no", "trade_status",
                "total_amount", "sign", "sign_type", "app_id", "notify_type", "orderId", "txnAmt", "respCode",
                "signature", "merId", "txnType", "queryId"), Arbitraries.strings().alpha().ofMaxLength(10));
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("%00", "%C0%AF", "%FF", "%", "%Z", "%E4%B8",
                        "GC" + "7".repeat(2000), "TRADE_SUCCESS", "100.00", "-1", "1e400", "", "%0D%0A", "+"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40));
        Arbitrary<String> pair = net.jqwik.api.Combinators.combine(keys, values).as((k, v) -> k + "=" + v);
        Arbitrary<Body> forms = net.jqwik.api.Combinators.combine(pair.list().ofMinSize(1).ofMaxSize(12),
                Arbitraries.of("application/x-www-form-urlencoded; charset=utf-8", "application/json", "text/plain",
                        "application/x-www-form-urlencoded; charset=GBK"))
                .as((pairs, type) -> new Body("form " + Hostile.abbreviate(String.join("&", pairs)) + " as " + type,
                        String.join("&", pairs).getBytes(StandardCharsets.UTF_8), type));
        Arbitrary<Body> json = Hostile.jsonBodies(List.of(Field.string("id", "EV-1", true),
                Field.string("event_type", "TRANSACTION.SUCCESS", true),
                Field.object("resource", true, Field.string("ciphertext", "AAAA", true),
                        Field.string("nonce", "abcdefabcdef", true),
                        Field.string("associated_data", "transaction", true))));
        Arbitrary<Body> bodies = Arbitraries.frequencyOf(Tuple.of(2, forms), Tuple.of(1, json),
                Tuple.of(1, Hostile.structural()));
        String path = "/callbacks/" + channel;
        List<Body> cases = Hostile.sample(bodies, SEED + channel.hashCode(), BODIES);
        List<String> failures = new ArrayList<>();
        Db.assertNothingChangedBy(() -> {
            for (Body body : cases) {
                RequestSpecification spec = given().body(body.bytes())
                        .header("Wechatpay-Timestamp", Long.toString(UnitApi.now()))
                        .header("Wechatpay-Nonce", "n".repeat(32))
                        .header("Wechatpay-Serial", "5157F09EFDC096DE15EBE81A47057A72")
                        .header("Wechatpay-Signature", "AAAA");
                Response r = withType(spec, body).post(path);
                int status = r.statusCode();
                String text = r.asString();
                boolean accepted = channel.equals("alipay") ? status == 200 && text.trim().equals("success")
                        : channel.equals("wechat-pay") ? status / 100 == 2 : status == 200;
                boolean retry = status == 500 && !channel.equals("alipay");
                if (accepted) {
                    failures.add(body + " → accepted " + status + " " + Hostile.abbreviate(text));
                } else if (status >= 500 && !retry) {
                    failures.add(body + " → " + status + " " + Hostile.abbreviate(text));
                } else if (status >= 400 && !retry) {
                    problemFailure(body, r, null).ifPresent(failures::add);
                }
            }
        });
        assertThat(failures).as("hostile notifies to %s (%d cases)", path, cases.size()).isEmpty();
    }

    // --- the checks --------------------------------------------------------------------------------------------------

    private enum Door {
        /** Signed: a request refused after its signature checked may record its nonce. */
        SIGNED, STAFF, OPEN
    }

    private static void run(String path, List<Body> cases, Function<Body, Response> send, Set<String> allowed,
            Door door) {
        List<String> failures = new ArrayList<>();
        try {
            unchanged(door, () -> {
                for (Body body : cases) {
                    Response answer = send.apply(body);
                    if (answer != null) { // null: refused in the endpoint's own protocol
                        check(body, answer, allowed).ifPresent(failures::add);
                    }
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nanswers that were not a refusal: " + failures, e);
        }
        assertThat(failures).as("hostile bodies to %s (%d cases)", path, cases.size()).isEmpty();
    }

    private static void runPaths(List<String> paths, List<Body> cases,
            java.util.function.BiFunction<String, Body, Response> send, Door door) {
        List<String> failures = new ArrayList<>();
        unchanged(door, () -> {
            for (int i = 0; i < paths.size(); i++) {
                check(cases.get(i), send.apply(paths.get(i), cases.get(i)), union(REFUSED, NOTHING_THERE))
                        .ifPresent(failures::add);
            }
        });
        assertThat(failures).as("hostile paths like %s (%d cases)", paths.get(0), paths.size()).isEmpty();
    }

    private static void unchanged(Door door, Runnable requests) {
        if (door == Door.SIGNED) {
            Db.assertNothingButNoncesChangedBy(requests);
        } else {
            Db.assertNothingChangedBy(requests);
        }
    }

    /** What is wrong with the answer to a hostile request, if anything. */
    private static java.util.Optional<String> check(Body body, Response r, Set<String> allowed) {
        int status = r.statusCode();
        if (status < 400) {
            if (status == 200 && r.asString().contains("\"results\"")) {
                // a batch answers each bill: every one must be REJECTED
                List<String> statuses = r.jsonPath().getList("results.status");
                if (statuses.stream().allMatch("REJECTED"::equals)) {
                    return java.util.Optional.empty();
                }
            }
            return java.util.Optional.of(body + " → accepted " + status + " " + Hostile.abbreviate(r.asString()));
        }
        if (status >= 500) {
            return java.util.Optional.of(body + " → " + status + " " + Hostile.abbreviate(r.asString()));
        }
        return problemFailure(body, r, allowed);
    }

    private static java.util.Optional<String> problemFailure(Body body, Response r, Set<String> allowed) {
        String type = r.contentType();
        if (type == null || !type.startsWith(Problem.MEDIA_TYPE)) {
            return java.util.Optional.of(body + " → " + r.statusCode() + " as " + type + ": "
                    + Hostile.abbreviate(r.asString()));
        }
        String code = r.jsonPath().getString("code");
        if (code == null || code.isEmpty()) {
            return java.util.Optional.of(body + " → " + r.statusCode() + " problem without code");
        }
        if (allowed != null && !allowed.contains(code)) {
            return java.util.Optional.of(body + " → " + r.statusCode() + " " + code
                    + " (taken for a valid request): " + Hostile.abbreviate(r.jsonPath().getString("detail") + ""));
        }
        return java.util.Optional.empty();
    }

    /** The body's exact bytes under its Content-Type (REST Assured would otherwise encode a form itself). */
    private static RequestSpecification withType(RequestSpecification spec, Body body) {
        RequestSpecification raw = spec.config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)
                .encodeContentTypeAs("multipart/form-data", ContentType.BINARY)
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        return body.contentType() == null ? raw : raw.contentType(body.contentType());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
