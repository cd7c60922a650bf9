package io.govclear.channel.alipay;

import io.govclear.channel.ChannelMessages.InboundNotify;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Test-only merchant endpoint for Alipay notifies: records what arrives and answers as a test tells it. */
@PermitAll
@Path("/test/alipay-notify-sink")
@Singleton
public class AlipayNotifySink {

    /** One notify as it arrived, with its decoded parameters. */
    public record Arrival(InboundNotify inbound, Map<String, String> params, Instant at) {
    }

    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String receive(byte[] body, @Context HttpHeaders headers) {
        Map<String, String> params = FormCodec.decode(new String(body, StandardCharsets.UTF_8));
        String outTradeNo = params.get("out_trade_no");
        arrivals.computeIfAbsent(outTradeNo, k -> new CopyOnWriteArrayList<>()).add(new Arrival(
                new InboundNotify(Map.of("content-type", headers.getHeaderString("Content-Type")), body), params,
                Instant.now()));
        AtomicInteger failures = failuresLeft.get(outTradeNo);
        return failures != null && failures.getAndDecrement() > 0 ? "failure" : "success";
    }

    /** Answer "failure" to the next {@code times} notifies for this trade. */
    public void failNext(String outTradeNo, int times) {
        failuresLeft.put(outTradeNo, new AtomicInteger(times));
    }

    public List<Arrival> arrivals(String outTradeNo) {
        return List.copyOf(arrivals.getOrDefault(outTradeNo, List.of()));
    }

    public static String url(int port) {
        return "http://localhost:" + port + "/test/alipay-notify-sink";
    }
}
