package io.govclear.channel.health;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.StatementFile;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.PaymentChannel;
import io.govclear.channel.health.ChannelCallLog.Call;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An adapter as the engine uses it: every call's answer feeds the channel's circuit breaker, and every question about
 * a trade or a refund is written to the {@link ChannelCallLog} with its answer before anyone acts on it. It overrides
 * every SPI method (a test checks it), so an adapter's own override of a default method is never bypassed.
 */
public final class MonitoredChannel implements PaymentChannel {

    private final PaymentChannel adapter;
    private final ChannelHealth health;
    private final Function<Call, Uni<Void>> log;
    private final Supplier<Instant> clock;

    /** {@code log} records a call (the {@link ChannelCallLog}'s), {@code clock} tells when a call started. */
    public MonitoredChannel(PaymentChannel adapter, ChannelHealth health, Function<Call, Uni<Void>> log,
            Supplier<Instant> clock) {
        this.adapter = adapter;
        this.health = health;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return adapter.channel();
    }

    @Override
    public Uni<PrecreateResult> precreate(PrecreateCommand command) {
        return watch("precreate", adapter.precreate(command)).invoke(r -> record("precreate", r.kind()));
    }

    @Override
    public Uni<TradeStatus> query(String paymentId) {
        return trade("query", paymentId, adapter.query(paymentId));
    }

    @Override
    public Uni<TradeStatus> close(String paymentId) {
        return trade("close", paymentId, adapter.close(paymentId));
    }

    @Override
    public Uni<RefundStatus> refund(RefundCommand command) {
        return refund("refund", command.paymentId(), command.refundId(), adapter.refund(command));
    }

    @Override
    public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
        return refund("refund-query", paymentId, refundId, adapter.queryRefund(paymentId, refundId));
    }

    @Override
    public Uni<byte[]> downloadStatement(LocalDate businessDate) {
        return adapter.downloadStatement(businessDate);
    }

    @Override
    public Uni<StatementFile> fetchStatement(LocalDate businessDate) {
        return adapter.fetchStatement(businessDate);
    }

    @Override
    public NotifyVerification verifyNotify(InboundNotify notify) {
        return adapter.verifyNotify(notify);
    }

    @Override
    public ChannelReply reply(boolean accepted) {
        return adapter.reply(accepted);
    }

    @Override
    public boolean confirmsNotifyByQuery() {
        return adapter.confirmsNotifyByQuery();
    }

    @Override
    public List<Duration> queryBackoff() {
        return adapter.queryBackoff();
    }

    private Uni<TradeStatus> trade(String operation, String paymentId, Uni<TradeStatus> call) {
        return logged(operation, call, (r, started) -> new Call(adapter.channel(), operation, paymentId, null,
                r.kind(), r.channelStatus(), tradeDetail(r), started));
    }

    private Uni<RefundStatus> refund(String operation, String paymentId, String refundId, Uni<RefundStatus> call) {
        return logged(operation, call, (r, started) -> new Call(adapter.channel(), operation, paymentId, refundId,
                r.kind(), null, r.channelRefundNo() == null ? r.detail()
                        : "refund no " + r.channelRefundNo() + (r.detail() == null ? "" : "; " + r.detail()),
                started));
    }

    /** The call, its answer fed to the breaker and written to the log ({@code logged}, given when it started). */
    private <T> Uni<T> logged(String operation, Uni<T> call, BiFunction<T, Instant, Call> logged) {
        return Uni.createFrom().deferred(() -> {
            Instant started = clock.get();
            return watch(operation, call).call(r -> {
                Call c = logged.apply(r, started);
                record(operation, c.answer());
                return log.apply(c);
            });
        });
    }

    private static String tradeDetail(TradeStatus r) {
        StringBuilder detail = new StringBuilder();
        if (r.channelTradeNo() != null) {
            detail.append("trade no ").append(r.channelTradeNo());
        }
        if (r.amountFen() != null) {
            detail.append(detail.isEmpty() ? "" : ", ").append(r.amountFen()).append(" fen");
        }
        if (r.paidAt() != null) {
            detail.append(detail.isEmpty() ? "" : ", ").append("paid ").append(r.paidAt());
        }
        if (r.detail() != null) {
            detail.append(detail.isEmpty() ? "" : "; ").append(r.detail());
        }
        return detail.isEmpty() ? null : detail.toString();
    }

    private void record(String operation, AnswerKind kind) {
        health.record(adapter.channel(), operation, kind);
    }

    private <T> Uni<T> watch(String operation, Uni<T> call) {
        return call.onFailure().invoke(e -> health.recordError(adapter.channel(), operation));
    }
}
