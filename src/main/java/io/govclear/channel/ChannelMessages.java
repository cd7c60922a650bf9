package io.govclear.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** The values that cross the channel SPI. Amounts are fen: adapters convert yuan strings at the edge, exactly. */
public final class ChannelMessages {

    private ChannelMessages() {
    }

    /** Create a trade the payer can pay: our payment id is the merchant order number the channel sees. */
    public record PrecreateCommand(String paymentId, long amountFen, String subject, Instant expiresAt,
            String notifyUrl, String returnUrl) {
    }

    /** SUCCESS with the URL (or QR content) the payer opens; FAILURE refused; UNKNOWN: query before retrying. */
    public record PrecreateResult(AnswerKind kind, String payUrl, String detail) {
    }

    /** The state of one trade at the channel. */
    public record TradeStatus(AnswerKind kind, String channelTradeNo, Long amountFen, Instant paidAt,
            String channelStatus, String detail) {

        public static TradeStatus unknown(String detail) {
            return new TradeStatus(AnswerKind.UNKNOWN, null, null, null, null, detail);
        }
    }

    /** Refund part or all of a paid trade; refundId is unique per refund (out_request_no, out_refund_no). */
    public record RefundCommand(String paymentId, String refundId, long refundFen, long totalFen, String reason) {
    }

    /** The state of one refund at the channel. */
    public record RefundStatus(AnswerKind kind, String channelRefundNo, String detail) {
    }

    /** A notify as it arrived: header names lower-case, the body's exact bytes. */
    public record InboundNotify(Map<String, String> headers, byte[] body) {
    }

    /** What a verified notify says about a trade. */
    public record NotifyMessage(String notifyId, String paymentId, String channelTradeNo, AnswerKind kind,
            long amountFen, Instant paidAt, String channelStatus, String merchantId, String appId) {
    }

    /** The outcome of checking a notify: trusted, or not (then only its claimed payment id is used, to query). */
    public sealed interface NotifyVerification {
    }

    /** Signature and format check out. */
    public record Verified(NotifyMessage message) implements NotifyVerification {
    }

    /** Not to be trusted; claimedPaymentId may be null. */
    public record Rejected(String reason, String claimedPaymentId) implements NotifyVerification {
    }

    /** The HTTP answer the channel expects to a notify. */
    public record ChannelReply(int status, String contentType, String body) {
    }

    /**
     * A statement download: SUCCESS with the file (in the channel's own format) in a temporary file the caller reads
     * and deletes, or UNKNOWN (not ready yet, no answer, not to be trusted): try again later.
     */
    public record StatementFile(AnswerKind kind, Path file, String detail) {

        public static StatementFile unknown(String detail) {
            return new StatementFile(AnswerKind.UNKNOWN, null, detail);
        }

        /** Writes a statement held in memory to a temporary file (blocking: call it on a worker thread). */
        public static StatementFile written(byte[] bytes) {
            try {
                Path file = Files.createTempFile("govclear-statement-", ".bin");
                Files.write(file, bytes);
                return new StatementFile(AnswerKind.SUCCESS, file, bytes.length + " bytes");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
