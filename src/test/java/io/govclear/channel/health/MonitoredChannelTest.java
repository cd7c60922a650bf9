package io.govclear.channel.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.PaymentChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MonitoredChannelTest {

    @Test
    void everySpiMethodIsPassedToTheAdapterNotLeftToADefault() {
        for (Method m : PaymentChannel.class.getMethods()) {
            assertThat(Arrays.stream(MonitoredChannel.class.getDeclaredMethods())
                    .anyMatch(d -> d.getName().equals(m.getName())
                            && Arrays.equals(d.getParameterTypes(), m.getParameterTypes())))
                    .as("MonitoredChannel overrides %s", m).isTrue();
        }
    }

    @Test
    void unansweredAndFailedCallsFeedTheBreakerAnswersDoNot() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChannelHealth health = new ChannelHealth(breaker(3), Clock.systemUTC(), meters);
        List<ChannelCallLog.Call> logged = new ArrayList<>();
        MonitoredChannel channel = new MonitoredChannel(new Flaky(), health,
                call -> Uni.createFrom().voidItem().invoke(() -> logged.add(call)), Instant::now);

        channel.query("A").await().indefinitely();
        channel.close("B").await().indefinitely();
        assertThat(health.status(Channel.UNIONPAY).available()).isTrue();
        try {
            channel.precreate(null).await().indefinitely();
        } catch (IllegalStateException expected) {
            // a call that fails without an answer counts like a timeout
        }
        assertThat(health.status(Channel.UNIONPAY).state()).isEqualTo("OPEN");
        assertThat(health.status(Channel.ALIPAY).available()).as("other channels are untouched").isTrue();
        assertThat(meters.counter("govclear.channel.calls", "channel", "UNIONPAY", "operation", "query",
                "outcome", "UNKNOWN").count()).isEqualTo(1);
        assertThat(meters.counter("govclear.channel.calls", "channel", "UNIONPAY", "operation", "close",
                "outcome", "ANSWERED").count()).isEqualTo(1);
        assertThat(logged).as("each question about a trade is logged with its answer")
                .extracting(ChannelCallLog.Call::operation, ChannelCallLog.Call::paymentId, ChannelCallLog.Call::answer,
                        ChannelCallLog.Call::channelStatus, ChannelCallLog.Call::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("query", "A", AnswerKind.UNKNOWN, null, "timeout"),
                        org.assertj.core.groups.Tuple.tuple("close", "B", AnswerKind.SUCCESS, "CLOSED", null));
    }

    private static BreakerConfig breaker(int minimumCalls) {
        return new BreakerConfig() {
            @Override
            public Duration window() {
                return Duration.ofSeconds(60);
            }

            @Override
            public int minimumCalls() {
                return minimumCalls;
            }

            @Override
            public int failureRatePercent() {
                return 50;
            }

            @Override
            public Duration openDuration() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration publishInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public java.util.Optional<String> instanceId() {
                return java.util.Optional.empty();
            }
        };
    }

    /** Queries time out, closes are answered, precreates fail outright. */
    private static final class Flaky implements PaymentChannel {

        @Override
        public Channel channel() {
            return Channel.UNIONPAY;
        }

        @Override
        public Uni<PrecreateResult> precreate(PrecreateCommand command) {
            return Uni.createFrom().failure(new IllegalStateException("connection reset"));
        }

        @Override
        public Uni<TradeStatus> query(String paymentId) {
            return Uni.createFrom().item(TradeStatus.unknown("timeout"));
        }

        @Override
        public Uni<TradeStatus> close(String paymentId) {
            return Uni.createFrom().item(new TradeStatus(AnswerKind.SUCCESS, null, null, null, "CLOSED", null));
        }

        @Override
        public Uni<RefundStatus> refund(RefundCommand command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Uni<byte[]> downloadStatement(LocalDate businessDate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NotifyVerification verifyNotify(InboundNotify notify) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChannelReply reply(boolean accepted) {
            throw new UnsupportedOperationException();
        }
    }
}
