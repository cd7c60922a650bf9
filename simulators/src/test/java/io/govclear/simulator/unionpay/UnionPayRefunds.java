package io.govclear.simulator.unionpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;

/** Refunds at the simulated UnionPay as the merchant makes them: a back transaction signed with its key. */
public final class UnionPayRefunds {

    private UnionPayRefunds() {
    }

    /** Refunds {@code fen} of a paid consume; the refund is made now (the simulators' clock). */
    public static void refund(UnionPaySimulator unionPay, Clock clock, String consumeOrderId, long fen) {
        SimTxn consume = unionPay.txn(consumeOrderId).orElseThrow();
        String merchantCert = ConfigProvider.getConfig().getValue("govclear.simulator.unionpay.merchant-cert",
                String.class);
        Map<String, String> form = new TreeMap<>();
        form.put("version", Acp.VERSION);
        form.put("encoding", "UTF-8");
        form.put("signMethod", "01");
        form.put("certId", Acp.certId(Acp.certificate(merchantCert)));
        form.put("txnType", "04");
        form.put("txnSubType", "00");
        form.put("bizType", "000201");
        form.put("accessType", "0");
        form.put("channelType", "07");
        form.put("merId", consume.merId());
        form.put("orderId", "RF" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
        form.put("txnTime", Acp.txnTime(clock.instant()));
        form.put("txnAmt", Long.toString(fen));
        form.put("currencyCode", "156");
        form.put("origQryId", consume.queryId());
        form.put("backUrl", "http://localhost:1/none");
        String answer = unionPay.back(new Acp(merchantKey()).signed(form));
        assertThat(answer).contains("respCode=00");
    }

    private static String merchantKey() {
        Properties keys = new Properties();
        try (InputStream in = UnionPayRefunds.class.getResourceAsStream("/merchant-keys.properties")) {
            keys.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys.getProperty("unionpay.sign-private-key");
    }
}
