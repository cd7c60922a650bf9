package io.govclear.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.support.Bills;
import io.govclear.support.Cluster;
import io.govclear.support.Payments;
import io.govclear.support.Simulators;
import io.govclear.support.UnitApi;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real channel never forgets a payment it took. The packaged engine is killed ({@code kill -9}) with four payments
 * checked out; the payers pay at the simulated Alipay and WeChat Pay while it is down (two notifies are dropped on
 * purpose, two fail and are retried); then the simulators are killed too and started again on their store. When the
 * engine comes back, every payment is booked exactly once: the owed notifies are still delivered after the
 * simulators' restart, and the engine's compensation query finds the dropped ones at the channel.
 */
class ChannelOutlivesTheEngineIT {

    private Cluster cluster;

    @AfterEach
    void stop() throws InterruptedException {
        RestAssured.reset();
        System.clearProperty(Simulators.URL_PROPERTY);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killedEngineAndKilledSimulatorsLoseNoPaymentAndBookEachOnce() throws Exception {
        cluster = new Cluster("govclear_it_crash");
        int enginePort = Cluster.freePort();
        int simulatorsPort = Cluster.freePort();
        String engineUrl = "http://127.0.0.1:" + enginePort;
        String simulatorsUrl = "http://127.0.0.1:" + simulatorsPort;
        Path store = Path.of("target", "it-crash-" + simulatorsPort + ".mv");
        Files.deleteIfExists(store);
        Process simulators = cluster.simulators("crash", simulatorsPort, engineUrl, store, 0.001);
        Process engine = cluster.engine("crash", enginePort, engineUrl, simulatorsUrl);
        RestAssured.port = enginePort;
        System.setProperty(Simulators.URL_PROPERTY, simulatorsUrl);

        Map<String, String[]> payments = new LinkedHashMap<>();
        LocalDate due = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(10);
        for (String[] how : new String[][] { { "ALIPAY", "NORMAL" }, { "ALIPAY", "DROP" }, { "WECHAT_PAY", "NORMAL" },
                { "WECHAT_PAY", "DROP" } }) {
            String code = UnitApi.as("HZ-TRAFFIC").send("POST", "/api/v1/orders",
                            Bills.fine(Bills.orderNo(), 12_300, due), Instant.now().getEpochSecond(), UnitApi.nonce())
                    .then().statusCode(201).extract().path("paymentCode");
            payments.put(Payments.start(code, how[0]), new String[] { code, how[0], how[1] });
        }

        Cluster.kill(engine);
        payments.forEach((paymentId, p) -> Payments.pay(p[1], paymentId, p[2]));
        Cluster.kill(simulators);
        cluster.simulators("crash", simulatorsPort, engineUrl, store, 0.001);
        cluster.engine("crash", enginePort, engineUrl, simulatorsUrl);

        payments.keySet().forEach(Payments::awaitSucceeded);
        for (String[] p : payments.values()) {
            assertThat(cluster.count("SELECT count(*) FROM journal_entry WHERE reference = '" + p[0] + "'"))
                    .as("journal entries of " + p[0] + " paid on " + p[1] + " with notify " + p[2]).isEqualTo(1);
        }
        assertThat(cluster.count("SELECT count(*) FROM payment_attempt WHERE status = 'SUCCEEDED'")).isEqualTo(4);
        assertThat(cluster.count("SELECT coalesce(sum(debit_fen - credit_fen), 0) FROM journal_line")).isZero();
        // the notifies that could not reach the dead engine were still owed when the simulators came back
        assertThat(Files.readString(Path.of("target", "simulators-crash.log"))).contains("still owed");
    }
}
