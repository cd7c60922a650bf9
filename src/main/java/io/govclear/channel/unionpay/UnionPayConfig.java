package io.govclear.channel.unionpay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Our UnionPay online merchant ({@code govclear.channels.unionpay.*}). Production takes every key from the
 * environment (GOVCLEAR_CHANNELS_UNIONPAY_MER_ID, …_SIGN_PRIVATE_KEY, …_SIGN_CERT_ID, …_ROOT_CERT, …); dev, test and
 * demo ship throw-away keys and certificates that match the simulator's.
 */
@ConfigMapping(prefix = "govclear.channels.unionpay")
public interface UnionPayConfig {

    /** Our merchant number (merId, 15 characters); a notify or answer for another merchant is rejected. */
    String merId();

    /** The gateway's front transaction URL that the payer's browser posts the consume form to. */
    String frontTransUrl();

    /** Back transactions (refund): real https://gateway.95516.com/gateway/api/backTransReq.do. */
    String backTransUrl();

    /** Single query: real https://gateway.95516.com/gateway/api/queryTrans.do. */
    String singleQueryUrl();

    /** Statement files: real https://filedownload.95516.com/. */
    String fileTransUrl();

    /** Our signing private key (PKCS#8 DER, Base64 on one line). */
    String signPrivateKey();

    /** The serial number, in decimal, of our signing certificate: sent as certId with every request. */
    String signCertId();

    /** UnionPay's root certificate (Base64 DER or PEM) that every signPubKeyCert must chain to. */
    String rootCert();

    /** UnionPay's intermediate certificate, when its signing certificates are issued by one. */
    Optional<String> middleCert();

    /** What the third '@' part of a signing certificate's CN must say (UnionPay: 00040000:SIGN). */
    @WithDefault("00040000:SIGN")
    String signCertIdentity();

    /** channelType of consumes: 07 PC, 08 mobile (payers come from the phone cashier page). */
    @WithDefault("08")
    String channelType();

    /** UnionPay's back-end query intervals for money transactions; the last one repeats. */
    @WithDefault("1s,2s,4s,8s,16s,32s")
    List<Duration> queryBackoff();

    /** How long to wait for a connection to the gateway. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** How long to wait for an answer before it counts as UNKNOWN. */
    @WithDefault("10s")
    Duration readTimeout();

    /**
     * When set, the most one call may take from request to complete answer, however steadily it trickles in; past
     * it the answer is UNKNOWN. Unset: only the connect and read timeouts apply.
     */
    Optional<Duration> overallTimeout();
}
