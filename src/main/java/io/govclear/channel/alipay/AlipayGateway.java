package io.govclear.channel.alipay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govclear.channel.http.ChannelClient;
import io.govclear.channel.http.HttpFailure;
import io.govclear.common.Clocks;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Alipay's open-platform gateway as the adapter calls it: each call is a form POST of the common parameters (app_id,
 * method, timestamp, biz_content, …) signed RSA2 with our key, over the channel's {@link ChannelClient}. The answer
 * must be 2xx and carry Alipay's signature over the response node ({@link GatewayAnswer}); anything else, no answer
 * included, is an untrusted answer, never a failure.
 */
final class AlipayGateway {

    /** Alipay's time format (Beijing time), in requests and answers. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Logger LOG = Logger.getLogger(AlipayGateway.class);
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "application/x-www-form-urlencoded;charset=utf-8",
            "Accept", "application/json");

    private final AlipayConfig config;
    private final Clock clock;
    private final Supplier<String> gatewayUrl;
    private final PrivateKey privateKey;
    private final PublicKey alipayPublicKey;
    private final ChannelClient http;
    private volatile String gateway;

    AlipayGateway(AlipayConfig config, Clock clock, Supplier<String> gatewayUrl, PrivateKey privateKey,
            PublicKey alipayPublicKey, ChannelClient http) {
        this.config = config;
        this.clock = clock;
        this.gatewayUrl = gatewayUrl;
        this.privateKey = privateKey;
        this.alipayPublicKey = alipayPublicKey;
        this.http = http;
    }

    /** Calls {@code method} with {@code biz} as biz_content; {@code operation} names the call in the metric. */
    Uni<GatewayAnswer> call(String operation, String method, ObjectNode biz, String notifyUrl, String returnUrl) {
        Map<String, String> params = new TreeMap<>();
        params.put("app_id", config.appId());
        params.put("method", method);
        params.put("format", "JSON");
        params.put("charset", "utf-8");
        params.put("sign_type", "RSA2");
        params.put("timestamp", TIME.format(LocalDateTime.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE)));
        params.put("version", "1.0");
        params.put("biz_content", biz.toString());
        if (notifyUrl != null) {
            params.put("notify_url", notifyUrl);
        }
        if (returnUrl != null) {
            params.put("return_url", returnUrl);
        }
        params.put("sign", Rsa2.sign(Rsa2.content(params, Rsa2.REQUEST_UNSIGNED), privateKey));
        return http.send(operation, HttpMethod.POST, gateway(), HEADERS,
                        FormCodec.encode(params).getBytes(StandardCharsets.UTF_8))
                .map(answer -> GatewayAnswer.read(method, answer.requireSuccess().text(), alipayPublicKey))
                .onFailure().recoverWithItem(failure -> GatewayAnswer.untrusted(HttpFailure.describe(failure)))
                .invoke(answer -> {
                    if (!answer.trusted()) {
                        LOG.warnf("%s: %s", method, answer.problem());
                    }
                });
    }

    /** Read on first use, not at startup: ${quarkus.http.port} in it then expands to the port the server bound. */
    private String gateway() {
        String url = gateway;
        if (url == null) {
            url = gatewayUrl.get();
            gateway = url;
        }
        return url;
    }
}
