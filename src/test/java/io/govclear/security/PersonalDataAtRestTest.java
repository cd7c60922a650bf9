package io.govclear.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.order.service.OrderService;
import io.govclear.support.Bills;
import io.govclear.support.Db;
import io.govclear.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PersonalDataAtRestTest {

    @Inject
    TestClock clock;

    @Inject
    PersonalData personalData;

    @Test
    void fullDatabaseDumpHoldsNoIdNumberOrPhoneInPlaintext() throws Exception {
        String code = Bills.issueFine(20000, clock.today().plusDays(15));

        Process dump = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--no-owner",
                System.getenv().getOrDefault("GOVCLEAR_TEST_DB", "govclear_test")).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dump.getInputStream().transferTo(out);
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.exitValue()).isZero();
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains(code); // the dump is real and holds the bill
        assertThat(text).doesNotContain(Bills.ID_NUMBER).doesNotContain(Bills.PHONE)
                .doesNotContain("199001011234").doesNotContain("demo-secret-HZ-TRAFFIC");
    }

    @Test
    void encryptedPayerDecryptsOnlyForItsOwnBillAndHashesSupportLookup() {
        String code = Bills.issueFine(20000, clock.today().plusDays(15));
        var row = Db.one("SELECT payer_enc, payer_id_hash FROM payment_order WHERE payment_code = $1", code);
        byte[] enc = row.getBuffer("payer_enc").getBytes();
        assertThat(personalData.decrypt(enc, OrderService.payerContext(code)))
                .contains(Bills.ID_NUMBER).contains(Bills.PHONE).contains("张三");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> personalData.decrypt(enc, OrderService.payerContext("00000000000000000000")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(row.getBuffer("payer_id_hash").getBytes()).isEqualTo(personalData.lookupHash(Bills.ID_NUMBER));
        assertThat(Db.count("SELECT count(*) FROM payment_order WHERE payer_id_hash = $1",
                io.vertx.core.buffer.Buffer.buffer(personalData.lookupHash(Bills.ID_NUMBER)))).isPositive();
    }
}
