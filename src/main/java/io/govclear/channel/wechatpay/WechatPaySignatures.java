package io.govclear.channel.wechatpay;

import java.security.PublicKey;
import java.time.Clock;

/**
 * Checks WeChat Pay's platform signature on what it sends us, answers and notifies alike: the Wechatpay-Timestamp,
 * -Nonce, -Signature and -Serial headers must all be there, the serial must name the configured platform key, the
 * timestamp must be less than 5 minutes from our clock, and the signature over {@code timestamp\nnonce\nbody\n} must
 * verify with the platform public key.
 */
final class WechatPaySignatures {

    /** The only signature type of API v3, in Authorization headers and Wechatpay-Signature-Type. */
    static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
    private static final long MAX_SKEW_SECONDS = 300;

    private final PublicKey platformKey;
    private final String platformSerialNo;
    private final Clock clock;

    WechatPaySignatures(PublicKey platformKey, String platformSerialNo, Clock clock) {
        this.platformKey = platformKey;
        this.platformSerialNo = platformSerialNo;
        this.clock = clock;
    }

    /** Null when the signature holds; otherwise why the message cannot be trusted. */
    String problem(String timestamp, String nonce, String signature, String serial, String body) {
        if (timestamp == null || nonce == null || signature == null || serial == null) {
            return "Wechatpay-Timestamp, -Nonce, -Signature or -Serial missing";
        }
        if (!platformSerialNo.equals(serial)) {
            return "signed with unknown platform key serial " + serial;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "Wechatpay-Timestamp is not Unix seconds";
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) >= MAX_SKEW_SECONDS) {
            return "Wechatpay-Timestamp " + timestamp + " is 5 minutes or more away from our clock";
        }
        if (!WechatPayCrypto.verify(platformKey, WechatPayCrypto.message(timestamp, nonce, body), signature)) {
            return "signature does not verify";
        }
        return null;
    }
}
