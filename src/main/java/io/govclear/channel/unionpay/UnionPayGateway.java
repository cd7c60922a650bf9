package io.govclear.channel.unionpay;

import io.govclear.channel.alipay.FormCodec;
import io.govclear.channel.http.ChannelClient;
import io.govclear.channel.http.HttpFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * UnionPay's side of the adapter's messages: signs what we send with our merchant key, posts back transactions over
 * the channel's {@link ChannelClient}, and trusts an answer or a notify only when it carries a signPubKeyCert that
 * {@link SigningCertificates} accepts, a signature by it, and our merId. An answer that is late, not 2xx, unreadable
 * or not trusted is an {@link AcpAnswer} with its problem, never a failure.
 */
final class UnionPayGateway {

    private static final Logger LOG = Logger.getLogger(UnionPayGateway.class);
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "application/x-www-form-urlencoded;charset=UTF-8",
            "Accept", "text/plain, */*");

    private final String merId;
    private final PrivateKey signKey;
    private final SigningCertificates certificates;
    private final ChannelClient http;

    UnionPayGateway(String merId, PrivateKey signKey, SigningCertificates certificates, ChannelClient http) {
        this.merId = merId;
        this.signKey = signKey;
        this.certificates = certificates;
        this.http = http;
    }

    /** Adds our signature to a form (a back transaction, or the consume form the payer's browser posts). */
    void sign(Map<String, String> form) {
        form.put(AcpSignature.SIGNATURE, AcpSignature.sign(form, signKey));
    }

    /** Signs and posts a back transaction; the answer once verified, or why it is not trusted. */
    Uni<AcpAnswer> post(String operation, String url, Map<String, String> form) {
        sign(form);
        return http.send(operation, HttpMethod.POST, url, HEADERS,
                        FormCodec.encode(form).getBytes(StandardCharsets.UTF_8))
                .map(answer -> verifiedAnswer(answer.requireSuccess().text()))
                .onFailure().recoverWithItem(failure -> new AcpAnswer(null, HttpFailure.describe(failure)))
                .invoke(answer -> {
                    if (answer.problem() != null) {
                        LOG.warnf("UnionPay txnType %s: %s", form.get("txnType"), answer.problem());
                    }
                });
    }

    /** Null when the message is signed by a UnionPay signing certificate and is for our merchant. */
    String trustProblem(Map<String, String> fields) {
        if (!"01".equals(fields.get("signMethod"))) {
            return "signMethod " + fields.get("signMethod") + " is not 01";
        }
        SigningCertificates.Trust trust = certificates.check(fields.get("signPubKeyCert"), fields.get("certId"));
        if (trust.problem() != null) {
            return trust.problem();
        }
        if (!AcpSignature.verify(fields, trust.key())) {
            return "signature does not verify";
        }
        if (!merId.equals(fields.get("merId"))) {
            return "merId " + fields.get("merId") + " is not ours";
        }
        return null;
    }

    private AcpAnswer verifiedAnswer(String body) {
        Map<String, String> fields;
        try {
            fields = AcpMessages.parse(body);
        } catch (IllegalArgumentException e) {
            return new AcpAnswer(null, "answer is not k=v&…: " + e.getMessage());
        }
        String problem = trustProblem(fields);
        return problem == null ? new AcpAnswer(fields, null) : new AcpAnswer(null, "answer not trusted: " + problem);
    }
}
