package io.govclear.channel;

import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.StatementFile;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.LocalDate;
import java.util.List;

/**
 * The SPI every payment channel adapter implements, in the channel's own protocol over non-blocking HTTP with
 * timeouts. No method fails on a channel problem: a timeout or an unreadable answer is {@link AnswerKind#UNKNOWN}.
 */
public interface PaymentChannel {

    Channel channel();

    /** Creates the trade at the channel (precreate / native order / consume). */
    Uni<PrecreateResult> precreate(PrecreateCommand command);

    /** Asks the channel for the trade's state. */
    Uni<TradeStatus> query(String paymentId);

    /** Closes an unpaid trade; SUCCESS when closed, FAILURE when it cannot be (e.g. paid meanwhile). */
    Uni<TradeStatus> close(String paymentId);

    /** Refunds part or all of a paid trade. */
    Uni<RefundStatus> refund(RefundCommand command);

    /** Asks for a refund's state. */
    Uni<RefundStatus> queryRefund(String paymentId, String refundId);

    /** The channel's statement file for a business date, in its own format, as raw bytes. */
    Uni<byte[]> downloadStatement(LocalDate businessDate);

    /**
     * The statement for a business date as a temporary file, or UNKNOWN when it cannot be had yet (not ready, no
     * answer): never fails on a channel problem. By default {@link #downloadStatement} written to a file on a worker
     * thread; an adapter that can stream the download straight to disk overrides it.
     */
    default Uni<StatementFile> fetchStatement(LocalDate businessDate) {
        return downloadStatement(businessDate)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(StatementFile::written)
                .onFailure().recoverWithItem(e -> StatementFile.unknown(String.valueOf(e.getMessage())));
    }

    /** Verifies a notify's signature and format and parses it. Pure CPU; never trusts an unverified body. */
    NotifyVerification verifyNotify(InboundNotify notify);

    /** The reply the channel expects: accepted, or "send it again". */
    ChannelReply reply(boolean accepted);

    /**
     * Whether a verified success notify must be confirmed by a query before anything is booked (UnionPay asks this
     * for money transactions): then the query's answer is applied, never the notify's.
     */
    default boolean confirmsNotifyByQuery() {
        return false;
    }

    /** The channel's own schedule for querying open attempts (the last step repeats); empty: the global one. */
    default List<Duration> queryBackoff() {
        return List.of();
    }
}
