package io.govclear.payment.service;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.ChannelMessages;
import java.time.Instant;

/** What a channel said about a trade (by notify or by query), in the engine's terms. */
public record TradeFacts(AnswerKind kind, String channelTradeNo, Long amountFen, Instant paidAt, String detail) {

    public static TradeFacts of(ChannelMessages.NotifyMessage m) {
        return new TradeFacts(m.kind(), m.channelTradeNo(), m.amountFen(), m.paidAt(), m.channelStatus());
    }

    public static TradeFacts of(ChannelMessages.TradeStatus s) {
        return new TradeFacts(s.kind(), s.channelTradeNo(), s.amountFen(), s.paidAt(),
                s.channelStatus() != null ? s.channelStatus() : s.detail());
    }
}
