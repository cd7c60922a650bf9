package io.govclear.channel.wechatpay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.channel.http.ChannelClient;
import io.govclear.channel.http.HttpAnswer;
import io.govclear.channel.http.HttpFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * WeChat Pay API v3 over the channel's {@link ChannelClient}: every request carries an Authorization signed with the
 * merchant key over method, path (base path included, as sent), timestamp, nonce and the exact body; every answer,
 * errors included, must carry a platform signature ({@link WechatPaySignatures}). Bodies go out as the exact strings
 * that were signed and come back as exact text, so both signatures cover the bytes on the wire.
 */
final class WechatPayApi {

    private static final Logger LOG = Logger.getLogger(WechatPayApi.class);
    private static final int BODY_SHOWN = 200;

    private final WechatPayConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final PrivateKey merchantKey;
    private final WechatPaySignatures signatures;
    private final ChannelClient http;
    private final String root;
    private final String basePath;

    WechatPayApi(WechatPayConfig config, Clock clock, ObjectMapper json, WechatPaySignatures signatures,
            ChannelClient http) {
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.signatures = signatures;
        this.http = http;
        this.merchantKey = WechatPayCrypto.privateKey(config.merchantPrivateKey());
        this.root = config.baseUrl().replaceAll("/+$", "");
        String path = URI.create(config.baseUrl()).getRawPath();
        // the signature covers the path as sent, base path included
        this.basePath = path == null ? "" : path.replaceAll("/+$", "");
    }

    ChannelClient http() {
        return http;
    }

    /**
     * Sends a signed request to {@code path} (below the base URL, query included, already encoded) with
     * {@code body} ("" for none) and checks the answer's signature; no answer at all is an untrusted answer.
     */
    Uni<WechatPayAnswer> call(String operation, HttpMethod method, String path, String body) {
        Map<String, String> headers = body.isEmpty()
                ? Map.of("Authorization", authorization(method, basePath + path, body), "Accept", "application/json")
                : Map.of("Authorization", authorization(method, basePath + path, body), "Accept", "application/json",
                        "Content-Type", "application/json");
        return http.send(operation, method, root + path, headers,
                        body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8))
                .map(this::verifiedAnswer)
                .onFailure().recoverWithItem(e -> new WechatPayAnswer(0, null, HttpFailure.describe(e)));
    }

    /** The Authorization header of a GET of {@code url} (any host, e.g. a bill's download_url). */
    String downloadAuthorization(String url) {
        URI uri = URI.create(url);
        return authorization(HttpMethod.GET, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?"
                + uri.getRawQuery()), "");
    }

    private String authorization(HttpMethod method, String signedUrl, String body) {
        String nonce = WechatPayCrypto.nonce(32);
        long timestamp = clock.instant().getEpochSecond();
        String signature = WechatPayCrypto.sign(merchantKey,
                WechatPayCrypto.message(method.name(), signedUrl, Long.toString(timestamp), nonce, body));
        return WechatPaySignatures.SIGNATURE_TYPE + " mchid=\"" + config.mchid() + "\",nonce_str=\"" + nonce
                + "\",signature=\"" + signature + "\",timestamp=\"" + timestamp + "\",serial_no=\""
                + config.merchantSerialNo() + "\"";
    }

    private WechatPayAnswer verifiedAnswer(HttpAnswer response) {
        String body = response.text();
        String problem = signatures.problem(response.header("Wechatpay-Timestamp"),
                response.header("Wechatpay-Nonce"), response.header("Wechatpay-Signature"),
                response.header("Wechatpay-Serial"), body);
        if (problem != null) {
            // the body is shown, never used: it may say why (an unsigned 401 SIGN_ERROR means our keys are wrong)
            String untrusted = "HTTP " + response.status() + " not trusted: " + problem + "; body: "
                    + body.substring(0, Math.min(body.length(), BODY_SHOWN));
            LOG.warn("WeChat Pay answer " + untrusted);
            return new WechatPayAnswer(response.status(), null, untrusted);
        }
        if (body.isEmpty()) {
            return new WechatPayAnswer(response.status(), null, null);
        }
        try {
            return new WechatPayAnswer(response.status(), json.readTree(body), null);
        } catch (JsonProcessingException e) {
            return new WechatPayAnswer(response.status(), null, "HTTP " + response.status() + " body is not JSON");
        }
    }
}
