package io.govclear.channel.unionpay;

import static io.govclear.support.Simulators.sim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.http.ChannelHttp;
import io.govclear.common.GovClearConfig;
import io.govclear.support.Db;
import io.govclear.support.Simulators;
import io.govclear.support.TestClock;
import io.govclear.support.UnionPayBrowser;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against the UnionPay simulator over real HTTP: consume form, query, close, refund, statement. */
@QuarkusTest
@WithTestResource(value = Simulators.class, scope = TestResourceScope.GLOBAL)
class UnionPayChannelTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    UnionPayChannel channel;

    @Inject
    UnionPayConfig config;

    @Inject
    UnionPayTxns txns;

    @Inject
    GovClearConfig govclear;

    @Inject
    TestClock clock;

    @Inject
    FakeUnionPayGateway gateway;

    @Inject
    ChannelHttp http;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static String orderId() {
        return "UP" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    PrecreateResult consume(String orderId, long amountFen) {
        return channel.precreate(new PrecreateCommand(orderId, amountFen, "杭州市公安局交通警察支队 33010026000000000017",
                clock.instant().plus(Duration.ofMinutes(15)), "http://localhost:1/callbacks/unionpay",
                "http://localhost:1/pay/result/" + orderId)).await().atMost(WAIT);
    }

    /** Signed, posted by the payer's browser and paid, without a notify. */
    String paidConsume(long amountFen) {
        String id = orderId();
        UnionPayBrowser.open(consume(id, amountFen).payUrl()).then().statusCode(200);
        given().contentType("application/json").body("{\"notify\":\"DROP\"}")
                .post(sim("/sim/unionpay/orders/{id}/pay"), id).then().statusCode(200);
        return id;
    }

    @Test
    void consumeFormCarriesTheProtocolFieldsSignedByUs() {
        String id = orderId();
        PrecreateResult result = consume(id, 20000);
        assertThat(result.kind()).as(result.detail()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(result.payUrl()).isEqualTo(govclear.publicBaseUrl() + "/pay/unionpay/" + id);

        UnionPayBrowser.Form form = UnionPayBrowser.form(result.payUrl());
        assertThat(form.action()).isEqualTo(config.frontTransUrl());
        assertThat(form.fields()).containsEntry("version", "5.1.0").containsEntry("signMethod", "01")
                .containsEntry("txnType", "01").containsEntry("txnSubType", "01").containsEntry("bizType", "000201")
                .containsEntry("channelType", "08").containsEntry("accessType", "0")
                .containsEntry("currencyCode", "156")
                .containsEntry("merId", config.merId()).containsEntry("orderId", id).containsEntry("txnAmt", "20000")
                .containsEntry("certId", config.signCertId())
                .containsEntry("backUrl", "http://localhost:1/callbacks/unionpay")
                .containsEntry("frontUrl", "http://localhost:1/pay/result/" + id)
                .containsEntry("reqReserved", "杭州市公安局交通警察支队 33010026000000000017")
                .containsKeys("txnTime", "payTimeout", "signature");
        assertThat(form.fields().get("txnTime")).hasSize(14).containsOnlyDigits();

        // the simulator checks our signature with our certificate: a changed field is refused
        form.fields().put("txnAmt", "1");
        UnionPayBrowser.submit(form).then().statusCode(400);
    }

    @Test
    void sameConsumeAgainIsTheSameFormAndAnotherAmountIsRefused() {
        String id = orderId();
        String first = consume(id, 500).payUrl();
        String txnTime = Db.one("SELECT txn_time FROM unionpay_txn WHERE order_id = $1", id).getString(0);
        clock.advance(Duration.ofSeconds(5));
        assertThat(consume(id, 500).payUrl()).isEqualTo(first);
        assertThat(Db.one("SELECT txn_time FROM unionpay_txn WHERE order_id = $1", id).getString(0))
                .isEqualTo(txnTime);
        assertThat(consume(id, 501).kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void amountEdgesAndOrderIdRulesAreExact() {
        assertThat(consume(orderId(), 1).kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(consume(orderId(), 999_999_999_999L).kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(consume(orderId(), 0).kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(consume(orderId(), 1_000_000_000_000L).kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(consume("GC-2611230001", 100).kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(consume("GC26112", 100).kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void queryFollowsTheConsumeFromUnknownToPaid() {
        String id = orderId();
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.WAITING);
        UnionPayBrowser.open(consume(id, 1).payUrl()).then().statusCode(200);
        TradeStatus waiting = channel.query(id).await().atMost(WAIT);
        assertThat(waiting.kind()).isEqualTo(AnswerKind.WAITING);
        assertThat(waiting.channelStatus()).isEqualTo("respCode 34");

        Instant before = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        given().contentType("application/json").body("{\"notify\":\"DROP\"}")
                .post(sim("/sim/unionpay/orders/{id}/pay"), id).then().statusCode(200);
        TradeStatus paid = channel.query(id).await().atMost(WAIT);
        assertThat(paid.kind()).as(paid.detail()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(paid.amountFen()).isEqualTo(1L);
        assertThat(paid.channelTradeNo()).hasSize(21).containsOnlyDigits();
        assertThat(paid.paidAt()).isBetween(before, clock.instant());
    }

    @Test
    void failedPaymentQueriesAsFailure() {
        String id = orderId();
        UnionPayBrowser.open(consume(id, 300).payUrl()).then().statusCode(200);
        given().contentType("application/json").body("{\"outcome\":\"FAIL\"}")
                .post(sim("/sim/unionpay/orders/{id}/pay"), id).then().statusCode(200);
        assertThat(channel.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void consumeClosesOnlyOnceItLapsedUnpaid() {
        String unpaid = orderId();
        UnionPayBrowser.open(consume(unpaid, 700).payUrl()).then().statusCode(200);
        String paid = paidConsume(800);
        assertThat(channel.close(unpaid).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);

        clock.advance(Duration.ofMinutes(16));
        assertThat(channel.close(unpaid).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
        assertThat(channel.close(paid).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);
        given().contentType("application/json").body("{}").post(sim("/sim/unionpay/orders/{id}/pay"), unpaid)
                .then().statusCode(409);
        assertThat(channel.close(orderId()).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);
    }

    @Test
    void refundIsAcceptedThenQueriedAsSuccessAndRetriesAreTheSameRefund() {
        String id = paidConsume(10000);
        String refundId = "RF" + id.substring(2);
        RefundStatus accepted = channel.refund(new RefundCommand(id, refundId, 4000, 10000, "多缴退费"))
                .await().atMost(WAIT);
        assertThat(accepted.kind()).as(accepted.detail()).isEqualTo(AnswerKind.WAITING);
        assertThat(accepted.channelRefundNo()).hasSize(21);

        RefundStatus again = channel.refund(new RefundCommand(id, refundId, 4000, 10000, "多缴退费"))
                .await().atMost(WAIT);
        assertThat(again.channelRefundNo()).isEqualTo(accepted.channelRefundNo());
        assertThat(channel.queryRefund(id, refundId).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.SUCCESS);

        RefundStatus tooMuch = channel.refund(new RefundCommand(id, "RX" + id.substring(2), 6001, 10000, null))
                .await().atMost(WAIT);
        assertThat(tooMuch.kind()).isEqualTo(AnswerKind.FAILURE);
        assertThat(channel.queryRefund(id, "RZ" + id.substring(2)).await().atMost(WAIT).kind())
                .isEqualTo(AnswerKind.FAILURE);
        assertThat(channel.refund(new RefundCommand(orderId(), "RY" + id.substring(2), 1, 1, null))
                .await().atMost(WAIT).kind()).isEqualTo(AnswerKind.FAILURE);
    }

    @Test
    void statementIsTheSimulatorsFileForTheDay() {
        String id = paidConsume(1234);
        byte[] file = channel.downloadStatement(clock.today()).await().atMost(WAIT);
        byte[] direct = given().get(sim("/sim/unionpay/statements/" + clock.today())).then().statusCode(200)
                .extract().asByteArray();
        assertThat(file).isEqualTo(direct);
        assertThat(new String(file)).contains(id).contains("000000001234");
        assertThat(channel.downloadStatement(clock.today().minusDays(200)).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void noAnswerInTimeIsUnknownNeverFailure() throws Exception {
        String id = paidConsume(100);
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    held.forEach(s -> {
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                    });
                }
            });
            acceptor.start();
            String url = "http://localhost:" + silent.getLocalPort() + "/gateway";
            UnionPayChannel slow = new UnionPayChannel(new TestConfig(config, url, Duration.ofMillis(500)), txns,
                    clock, govclear, http);
            assertThat(slow.query(id).await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
            assertThat(slow.refund(new RefundCommand(id, "RT" + id.substring(2), 1, 100, null))
                    .await().atMost(WAIT).kind()).isEqualTo(AnswerKind.UNKNOWN);
            silent.close();
            acceptor.join(5000);
        }
    }

    @Test
    void inProgressAndBusyAnswersAreClassified() {
        UnionPayChannel faked = new UnionPayChannel(new TestConfig(config,
                govclear.publicBaseUrl() + "/test/unionpay-gateway", config.readTimeout()), txns, clock, govclear,
                http);
        for (String[] c : new String[][] { { "00", "05", "WAITING" }, { "00", "03", "WAITING" },
                { "00", "04", "WAITING" }, { "00", "00", "SUCCESS" }, { "00", "01", "FAILURE" },
                { "34", null, "WAITING" }, { "03", null, "UNKNOWN" }, { "06", null, "UNKNOWN" } }) {
            String id = orderId();
            consume(id, 100);
            gateway.answer(id, c[0], c[1]);
            assertThat(faked.query(id).await().atMost(WAIT).kind()).as("respCode %s origRespCode %s", c[0], c[1])
                    .isEqualTo(AnswerKind.valueOf(c[2]));
        }
    }

    /** The configured merchant, with every gateway URL replaced and another read timeout. */
    private record TestConfig(UnionPayConfig base, String url, Duration readTimeout) implements UnionPayConfig {

        @Override
        public String merId() {
            return base.merId();
        }

        @Override
        public String frontTransUrl() {
            return url;
        }

        @Override
        public String backTransUrl() {
            return url;
        }

        @Override
        public String singleQueryUrl() {
            return url;
        }

        @Override
        public String fileTransUrl() {
            return url;
        }

        @Override
        public String signPrivateKey() {
            return base.signPrivateKey();
        }

        @Override
        public String signCertId() {
            return base.signCertId();
        }

        @Override
        public String rootCert() {
            return base.rootCert();
        }

        @Override
        public Optional<String> middleCert() {
            return base.middleCert();
        }

        @Override
        public String signCertIdentity() {
            return base.signCertIdentity();
        }

        @Override
        public String channelType() {
            return base.channelType();
        }

        @Override
        public List<Duration> queryBackoff() {
            return base.queryBackoff();
        }

        @Override
        public Duration connectTimeout() {
            return base.connectTimeout();
        }

        @Override
        public Optional<Duration> overallTimeout() {
            return base.overallTimeout();
        }
    }
}
