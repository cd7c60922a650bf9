package io.govclear.channel.wechatpay;

import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.Verified;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Test-only merchant endpoint for WeChat Pay notifies: checks each arrival with the real adapter, records it under the
 * out_trade_no it names (claims, when rejected) and answers as the adapter says, unless a test asked it to fail the
 * first few arrivals of a trade with 500.
 */
@Singleton
@PermitAll
@Path("/test/wechat-notify-sink")
public class WechatNotifySink {

    /** One notify as it arrived and when, what the adapter made of it, and the HTTP status it was answered with. */
    public record Arrival(Instant at, InboundNotify inbound, NotifyVerification verification, int answered) {

        public boolean verified() {
            return verification instanceof Verified;
        }
    }

    private final WechatPayChannel channel;
    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    public WechatNotifySink(WechatPayChannel channel) {
        this.channel = channel;
    }

    /** Answer the first {@code count} notifies for this trade with 500, as a merchant that is down would. */
    public void failFirst(String outTradeNo, int count) {
        failures.put(outTradeNo, count);
    }

    public List<Arrival> arrivals(String outTradeNo) {
        return List.copyOf(arrivals.getOrDefault(outTradeNo, List.of()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(byte[] body, @Context HttpHeaders headers) {
        Map<String, String> lowerCase = headers.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> e.getValue().get(0),
                        (a, b) -> a));
        InboundNotify notify = new InboundNotify(lowerCase, body);
        NotifyVerification verification = channel.verifyNotify(notify);
        String outTradeNo = verification instanceof Verified v ? v.message().paymentId()
                : String.valueOf(((Rejected) verification).claimedPaymentId());
        List<Arrival> list = arrivals.computeIfAbsent(outTradeNo, no -> new CopyOnWriteArrayList<>());
        ChannelReply reply;
        synchronized (list) {
            boolean failOnPurpose = list.size() < failures.getOrDefault(outTradeNo, 0);
            reply = channel.reply(verification instanceof Verified && !failOnPurpose);
            list.add(new Arrival(Instant.now(), notify, verification, reply.status()));
        }
        Response.ResponseBuilder response = Response.status(reply.status());
        return reply.body() == null ? response.build() : response.type(reply.contentType()).entity(reply.body()).build();
    }
}
