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
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * An adapter as the engine uses it: every call's answer feeds the channel's circuit breaker. It overrides every SPI
 * method (a test checks it), so an adapter's own override of a default method is never bypassed.
 */
public final class MonitoredChannel implements PaymentChannel {

    private final PaymentChannel adapter;
    private final ChannelHealth health;

    public MonitoredChannel(PaymentChannel adapter, ChannelHealth health) {
        this.adapter = adapter;
        this.health = health;
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
        return watch("query", adapter.query(paymentId)).invoke(r -> record("query", r.kind()));
    }

    @Override
    public Uni<TradeStatus> close(String paymentId) {
        return watch("close", adapter.close(paymentId)).invoke(r -> record("close", r.kind()));
    }

    @Override
    public Uni<RefundStatus> refund(RefundCommand command) {
        return watch("refund", adapter.refund(command)).invoke(r -> record("refund", r.kind()));
    }

    @Override
    public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
        return watch("refund-query", adapter.queryRefund(paymentId, refundId))
                .invoke(r -> record("refund-query", r.kind()));
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

    private void record(String operation, AnswerKind kind) {
        health.record(adapter.channel(), operation, kind);
    }

    private <T> Uni<T> watch(String operation, Uni<T> call) {
        return call.onFailure().invoke(e -> health.recordError(adapter.channel(), operation));
    }
}
