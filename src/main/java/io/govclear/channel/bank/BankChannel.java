package io.govclear.channel.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelMessages.ChannelReply;
import io.govclear.channel.ChannelMessages.InboundNotify;
import io.govclear.channel.ChannelMessages.NotifyVerification;
import io.govclear.channel.ChannelMessages.PrecreateCommand;
import io.govclear.channel.ChannelMessages.PrecreateResult;
import io.govclear.channel.ChannelMessages.RefundCommand;
import io.govclear.channel.ChannelMessages.RefundStatus;
import io.govclear.channel.ChannelMessages.Rejected;
import io.govclear.channel.ChannelMessages.TradeStatus;
import io.govclear.channel.PaymentChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A bank counter as a payment channel, so refunds and reconciliation treat banks like any channel. Payments are
 * never created here (the bank calls our counter API); a trade is known by our confirmation number (the attempt's
 * payment id). Query, refund, refund query and the day-end file are signed calls to the bank's API; an answer that
 * is late, unsigned or badly signed is UNKNOWN.
 */
public abstract class BankChannel implements PaymentChannel {

    private static final Logger LOG = Logger.getLogger(BankChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "0000";

    private final Bank bank;
    private final Optional<BankKeys.Keys> keys;
    private final SignedBankHttp http;
    private volatile String baseUrl;

    protected BankChannel(Bank bank, BankKeys keys, SignedBankHttp http) {
        this.bank = bank;
        this.keys = keys.of(bank);
        this.http = http;
    }

    @Override
    public Channel channel() {
        return bank.channel();
    }

    /** Counter only: the payer brings the payment code to the bank, nothing is created online. */
    @Override
    public Uni<PrecreateResult> precreate(PrecreateCommand command) {
        return Uni.createFrom().item(new PrecreateResult(AnswerKind.FAILURE, null,
                bank + " collects at its counters only"));
    }

    /** The bank's record of one confirmation: SUCCESS while confirmed, FAILURE when reversed or unknown there. */
    @Override
    public Uni<TradeStatus> query(String paymentId) {
        return post("query", "/confirmations/query", JSON.createObjectNode().put("confirmationNo", paymentId))
                .map(answer -> answer.map(this::tradeStatus)
                        .orElseGet(() -> TradeStatus.unknown("no trusted answer from " + bank)));
    }

    /** Nothing to close: a counter payment exists only once the bank has taken the money. */
    @Override
    public Uni<TradeStatus> close(String paymentId) {
        return Uni.createFrom().item(new TradeStatus(AnswerKind.FAILURE, null, null, null, null,
                "a counter payment cannot be closed"));
    }

    /** Refunds through the bank, idempotent there on our refund id. */
    @Override
    public Uni<RefundStatus> refund(RefundCommand command) {
        ObjectNode body = JSON.createObjectNode()
                .put("confirmationNo", command.paymentId())
                .put("refundId", command.refundId())
                .put("refundFen", command.refundFen())
                .put("reason", command.reason());
        return post("refund", "/refunds", body).map(this::refundStatus);
    }

    @Override
    public Uni<RefundStatus> queryRefund(String paymentId, String refundId) {
        return post("refund-query", "/refunds/query", JSON.createObjectNode()
                        .put("confirmationNo", paymentId)
                        .put("refundId", refundId))
                .map(this::refundStatus);
    }

    /** The bank's day-end file (README "Bank counters"); the Uni fails when it cannot be had. */
    @Override
    public Uni<byte[]> downloadStatement(LocalDate businessDate) {
        BankKeys.Keys k = enabled();
        return http.call(k, "statement", HttpMethod.GET, baseUrl() + "/statements/" + businessDate, null)
                .map(answer -> {
                    if (!answer.trusted() || answer.status() != 200) {
                        throw new IllegalStateException(bank + " day-end file for " + businessDate
                                + " not available: " + (answer.trusted() ? "HTTP " + answer.status()
                                        : answer.problem()));
                    }
                    return answer.body();
                });
    }

    /** Banks do not notify: they call the counter API, which verifies them itself. */
    @Override
    public NotifyVerification verifyNotify(InboundNotify notify) {
        return new Rejected(bank + " does not send notifies", null);
    }

    @Override
    public ChannelReply reply(boolean accepted) {
        return new ChannelReply(accepted ? 200 : 400, "text/plain", accepted ? "OK" : "REFUSED");
    }

    private Uni<Optional<JsonNode>> post(String operation, String path, ObjectNode body) {
        BankKeys.Keys k = enabled();
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return http.call(k, operation, HttpMethod.POST, baseUrl() + path, bytes)
                .map(answer -> {
                    if (!answer.trusted() || answer.status() != 200) {
                        LOG.warnf("%s %s: %s", bank, path, answer.trusted() ? "HTTP " + answer.status()
                                : answer.problem());
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(JSON.readTree(answer.body()));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                });
    }

    private TradeStatus tradeStatus(JsonNode answer) {
        if (!OK.equals(answer.path("code").asText())) {
            return new TradeStatus(AnswerKind.FAILURE, null, null, null, answer.path("answer").asText(null),
                    answer.path("message").asText(null));
        }
        String state = answer.path("state").asText();
        try {
            Instant paidAt = OffsetDateTime.parse(answer.path("paidAt").asText()).toInstant();
            return new TradeStatus("CONFIRMED".equals(state) ? AnswerKind.SUCCESS : AnswerKind.FAILURE,
                    answer.path("bankSerialNo").asText(null), answer.path("amountFen").asLong(), paidAt, state,
                    answer.path("message").asText(null));
        } catch (DateTimeParseException e) {
            return TradeStatus.unknown("malformed paidAt in " + bank + "'s answer");
        }
    }

    private RefundStatus refundStatus(Optional<JsonNode> answer) {
        if (answer.isEmpty()) {
            return new RefundStatus(AnswerKind.UNKNOWN, null, "no trusted answer from " + bank);
        }
        JsonNode a = answer.get();
        return OK.equals(a.path("code").asText())
                ? new RefundStatus(AnswerKind.SUCCESS, a.path("refundNo").asText(null), a.path("message").asText())
                : new RefundStatus(AnswerKind.FAILURE, null, a.path("answer").asText() + ": "
                        + a.path("message").asText());
    }

    private BankKeys.Keys enabled() {
        return keys.orElseThrow(() -> new IllegalStateException(bank + " is not enabled"));
    }

    /** Read on first use, not at startup: a test's port in the public base URL is then the bound one. */
    private String baseUrl() {
        String url = baseUrl;
        if (url == null) {
            url = enabled().settings().baseUrl().orElseThrow();
            baseUrl = url;
        }
        return url;
    }
}
