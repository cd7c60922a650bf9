package io.govclear.channel.unionpay;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only merchant endpoint for UnionPay back notifies: checks each arrival with the real adapter, records it under
 * the orderId it names and answers as the adapter says, unless a test asked it to fail the first few with 500.
 */
@Singleton
@PermitAll
@Path("/test/unionpay-notify-sink")
public class UnionPayNotifySink {

    /** One notify as it arrived and when, and what the adapter made of it. */
    public record Arrival(Instant at, NotifyVerification verification) {
    }

    private final UnionPayChannel channel;
    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    public UnionPayNotifySink(UnionPayChannel channel) {
        this.channel = channel;
    }

    public void failFirst(String orderId, int count) {
        failures.put(orderId, count);
    }

    public List<Arrival> arrivals(String orderId) {
        return List.copyOf(arrivals.getOrDefault(orderId, List.of()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(byte[] body) {
        NotifyVerification verification = channel.verifyNotify(new InboundNotify(Map.of(), body));
        String orderId = verification instanceof Verified v ? v.message().paymentId()
                : String.valueOf(((Rejected) verification).claimedPaymentId());
        List<Arrival> list = arrivals.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>());
        ChannelReply reply;
        synchronized (list) {
            boolean failOnPurpose = list.size() < failures.getOrDefault(orderId, 0);
            reply = channel.reply(verification instanceof Verified && !failOnPurpose);
            list.add(new Arrival(Instant.now(), verification));
        }
        return Response.status(reply.status()).type(reply.contentType()).entity(reply.body()).build();
    }
}
