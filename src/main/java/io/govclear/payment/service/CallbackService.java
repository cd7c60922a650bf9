package io.govclear.payment.service;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyMessage;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.Verified;
import io.govclear.channel.ChannelRegistry;
import io.govclear.channel.PaymentChannel;
import io.govclear.payment.repository.AttemptRepository;
import io.govclear.payment.repository.CallbackInboxRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Channel notifies: stored raw first (the inbox), then verified by the channel's adapter, then applied. An
 * unverifiable notify is never trusted: it is answered with the channel's failure reply and its trade is queried.
 */
@Singleton
public class CallbackService {

    /**
     * Our payment ids as the attempt table allows them: a trade id a notify claims that is not of this shape is not
     * ours, and is never looked up or stored (an over-long id or one with a NUL byte must not reach the database).
     */
    private static final Pattern PAYMENT_ID = Pattern.compile("[A-Z0-9]{8,32}");
    /** A channel's notify id as we keep it: printable ASCII, at most the column's 64. */
    private static final Pattern NOTIFY_ID = Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    @Inject ChannelRegistry channels;
    @Inject PaymentService payments;
    @Inject AttemptRepository attempts;
    @Inject CallbackInboxRepository inbox;
    @Inject Clock clock;
    @Inject MeterRegistry registry;

    /** Handles one notify to /callbacks/{slug} and returns the reply the channel expects. */
    public Uni<ChannelReply> receive(String slug, Map<String, String> headers, byte[] body) {
        PaymentChannel adapter = channels.bySlug(slug);
        Instant now = clock.instant();
        return inbox.receive(adapter.channel(), now, headers, body)
                .chain(id -> {
                    var verification = adapter.verifyNotify(new InboundNotify(headers, body));
                    if (verification instanceof Verified v && !ours(v.message().paymentId())) {
                        verification = new Rejected("the notify's trade id is not one of ours", null);
                    }
                    if (verification instanceof Verified v) {
                        if (adapter.confirmsNotifyByQuery() && v.message().kind() == AnswerKind.SUCCESS) {
                            return confirmByQuery(adapter, id, v.message(), now);
                        }
                        return payments.apply(v.message().paymentId(), adapter.channel(),
                                        TradeFacts.of(v.message()), "NOTIFY")
                                .chain(applied -> record(id, true, v.message().paymentId(), notifyId(v.message()),
                                        applied.name(), v.message().channelStatus())
                                        .map(x -> adapter.reply(applied.settled()))
                                        .invoke(() -> count(adapter, applied.name())));
                    }
                    Rejected r = (Rejected) verification;
                    String claimed = ours(r.claimedPaymentId()) ? r.claimedPaymentId() : null;
                    Uni<Void> query = claimed == null ? Uni.createFrom().voidItem() : attempts.queryAt(claimed, now);
                    return record(id, false, claimed, null, "REJECTED", r.reason())
                            .chain(() -> query)
                            .map(x -> adapter.reply(false))
                            .invoke(() -> count(adapter, "REJECTED"));
                });
    }

    /**
     * A success notify from a channel that wants it confirmed: the trade is queried and the query's answer applied,
     * so the notify alone books nothing. Unless the query confirms the payment, the notify is not acknowledged (the
     * channel sends it again) and the trade is queried again on the compensation schedule from now.
     */
    private Uni<ChannelReply> confirmByQuery(PaymentChannel adapter, long id, NotifyMessage m, Instant now) {
        return adapter.query(m.paymentId())
                .chain(status -> payments.apply(m.paymentId(), adapter.channel(), TradeFacts.of(status), "QUERY")
                        .chain(applied -> {
                            boolean confirmed = status.kind() == AnswerKind.SUCCESS;
                            String outcome = confirmed ? applied.name() : "UNCONFIRMED";
                            Uni<Void> requery = confirmed ? Uni.createFrom().voidItem()
                                    : attempts.queryAt(m.paymentId(), now);
                            return record(id, true, m.paymentId(), notifyId(m), outcome,
                                    m.channelStatus() + "; query: " + TradeFacts.of(status).detail())
                                    .chain(() -> requery)
                                    .map(x -> adapter.reply(confirmed && applied.settled()))
                                    .invoke(() -> count(adapter, outcome));
                        }));
    }

    private static boolean ours(String paymentId) {
        return paymentId != null && PAYMENT_ID.matcher(paymentId).matches();
    }

    private static String notifyId(NotifyMessage message) {
        return message.notifyId() != null && NOTIFY_ID.matcher(message.notifyId()).matches() ? message.notifyId()
                : null;
    }

    /** The outcome of one notify; the detail (which may quote what the channel sent) without control characters. */
    private Uni<Void> record(long id, boolean verified, String paymentId, String notifyId, String outcome,
            String rawDetail) {
        String detail = rawDetail == null ? null : CONTROL.matcher(rawDetail).replaceAll("?");
        return inbox.record(id, verified, paymentId, notifyId, outcome, detail, clock.instant());
    }

    private void count(PaymentChannel adapter, String outcome) {
        registry.counter("govclear.callbacks", "channel", adapter.channel().name(), "outcome", outcome).increment();
    }
}
