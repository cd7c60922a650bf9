package io.govclear.simulator.wechatpay;

import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSASigner;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.util.NonceUtil;
import com.wechat.pay.java.core.util.PemUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated platform's keys: checks each merchant request's Authorization header, signs every response and
 * notify with the platform key, and encrypts notify resources with the merchant's APIv3 key, all with WeChat Pay's
 * own Java SDK (wechatpay-java: RSAVerifier, RSASigner, AeadAesCipher).
 */
@ApplicationScoped
public class SimulatorKeys {

    static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
    private static final Pattern AUTH_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final long MAX_SKEW_SECONDS = 300;

    private final Clock clock;
    private final String mchid;
    private final String appid;
    private final RSAVerifier merchantVerifier;
    private final String merchantSerialNo;
    private final RSASigner platformSigner;
    private final String platformSerialNo;
    private final AeadAesCipher resourceCipher;

    public SimulatorKeys(WechatPaySimulatorConfig config, Clock clock) {
        this.clock = clock;
        this.mchid = required(config.mchid(), "mchid");
        this.appid = required(config.appid(), "appid");
        this.merchantSerialNo = required(config.merchantSerialNo(), "merchant-serial-no");
        this.merchantVerifier = new RSAVerifier(
                PemUtil.loadPublicKeyFromString(required(config.merchantPublicKey(), "merchant-public-key")),
                merchantSerialNo);
        this.platformSerialNo = required(config.platformSerialNo(), "platform-serial-no");
        this.platformSigner = new RSASigner(platformSerialNo,
                PemUtil.loadPrivateKeyFromString(required(config.platformPrivateKey(), "platform-private-key")));
        this.resourceCipher = new AeadAesCipher(required(config.apiV3Key(), "api-v3-key")
                .getBytes(StandardCharsets.UTF_8));
    }

    public String mchid() {
        return mchid;
    }

    public String appid() {
        return appid;
    }

    /**
     * Checks {@code WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"}
     * over {@code METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n}; throws 401 SIGN_ERROR otherwise.
     */
    public void authenticate(String method, String pathWithQuery, String body, String authorization) {
        if (authorization == null || !authorization.startsWith(SIGNATURE_TYPE + " ")) {
            throw signError("Authorization is missing or not " + SIGNATURE_TYPE);
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = AUTH_PARAM.matcher(authorization.substring(SIGNATURE_TYPE.length() + 1));
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        if (!mchid.equals(params.get("mchid"))) {
            throw signError("unknown mchid " + params.get("mchid"));
        }
        if (!merchantSerialNo.equals(params.get("serial_no"))) {
            throw signError("serial_no " + params.get("serial_no") + " is not the merchant's API certificate");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(params.getOrDefault("timestamp", ""));
        } catch (NumberFormatException e) {
            throw signError("timestamp is not Unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) >= MAX_SKEW_SECONDS) {
            throw signError("timestamp is 5 minutes or more away");
        }
        String nonce = params.getOrDefault("nonce_str", "");
        String message = method + "\n" + pathWithQuery + "\n" + timestamp + "\n" + nonce + "\n"
                + (body == null ? "" : body) + "\n";
        if (nonce.isEmpty() || !verifies(message, params.getOrDefault("signature", ""))) {
            throw signError("signature does not verify");
        }
    }

    /** Wechatpay-Timestamp, -Nonce, -Signature and -Serial for a response or notify body, signed now. */
    public Map<String, String> sign(String body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String nonce = NonceUtil.createNonce(32);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Wechatpay-Timestamp", timestamp);
        headers.put("Wechatpay-Nonce", nonce);
        headers.put("Wechatpay-Signature",
                platformSigner.sign(timestamp + "\n" + nonce + "\n" + body + "\n").getSign());
        headers.put("Wechatpay-Serial", platformSerialNo);
        return headers;
    }

    /** Encrypts a notify resource (AEAD_AES_256_GCM with the APIv3 key) → Base64. */
    public String encrypt(String associatedData, String nonce, String plaintext) {
        return resourceCipher.encrypt(associatedData.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8), plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh nonce of WeChat's alphabet. */
    public static String nonce(int length) {
        return NonceUtil.createNonce(length);
    }

    private boolean verifies(String message, String signature) {
        try {
            return merchantVerifier.verify(merchantSerialNo, message, signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static WechatPayError signError(String message) {
        return new WechatPayError(401, "SIGN_ERROR", "签名错误: " + message);
    }

    private static String required(Optional<String> value, String name) {
        return value.orElseThrow(() -> new IllegalStateException(
                "govclear.simulator.wechat-pay." + name + " must be set to run the WeChat Pay simulator"));
    }
}
