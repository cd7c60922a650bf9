package io.govclear.channel.unionpay;

import io.govclear.channel.alipay.FormCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;

/** UnionPay messages made by hand for tests: signed with the simulator's (UnionPay's) key, or a forger's. */
public final class UnionPayFixtures {

    private UnionPayFixtures() {
    }

    public static String merId() {
        return ConfigProvider.getConfig().getValue("govclear.channels.unionpay.mer-id", String.class);
    }

    public static X509Certificate unionPayCert() {
        return AcpSignature.certificate(
                ConfigProvider.getConfig().getValue("channel-side.unionpay.sign-cert", String.class));
    }

    public static PrivateKey unionPayKey() {
        return AcpSignature.privateKey(
                ConfigProvider.getConfig().getValue("channel-side.unionpay.sign-private-key", String.class));
    }

    static X509Certificate forgerCert() {
        return AcpSignature.certificate(forger().getProperty("cert"));
    }

    static PrivateKey forgerKey() {
        return AcpSignature.privateKey(forger().getProperty("key"));
    }

    /** The unsigned fields of a successful consume's back notify. */
    public static Map<String, String> notify(String orderId, String txnTime, String txnAmt) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("version", AcpMessages.VERSION);
        fields.put("encoding", "UTF-8");
        fields.put("txnType", "01");
        fields.put("txnSubType", "01");
        fields.put("bizType", "000201");
        fields.put("accessType", "0");
        fields.put("merId", merId());
        fields.put("orderId", orderId);
        fields.put("txnTime", txnTime);
        fields.put("txnAmt", txnAmt);
        fields.put("currencyCode", "156");
        fields.put("queryId", "202611231015310000042");
        fields.put("traceNo", "000042");
        fields.put("traceTime", txnTime.substring(4));
        fields.put("settleDate", txnTime.substring(4, 8));
        fields.put("respCode", "00");
        fields.put("respMsg", "成功[0000000]");
        return fields;
    }

    /** The fields with signMethod 01, certId and signPubKeyCert of this certificate, signed with this key. */
    public static Map<String, String> signed(Map<String, String> fields, X509Certificate cert, PrivateKey key) {
        Map<String, String> signed = new TreeMap<>(fields);
        signed.put("signMethod", "01");
        signed.put("certId", AcpSignature.certId(cert));
        signed.put("signPubKeyCert", AcpSignature.pem(cert));
        signed.put(AcpSignature.SIGNATURE, AcpSignature.sign(signed, key));
        return signed;
    }

    /** A notify signed as UnionPay signs it, form-encoded as it is posted. */
    public static String signedNotifyBody(String orderId, String txnTime, long amountFen) {
        return FormCodec.encode(signed(notify(orderId, txnTime, Long.toString(amountFen)), unionPayCert(),
                unionPayKey()));
    }

    private static Properties forger() {
        Properties properties = new Properties();
        try (InputStream in = UnionPayFixtures.class.getResourceAsStream("/unionpay-forger.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
