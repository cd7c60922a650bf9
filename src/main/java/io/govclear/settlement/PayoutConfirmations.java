package io.govclear.settlement;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.security.Digests;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The payout bank's confirmations: a JSON body {businessDate, issueNo, outcome (PAID|FAILED), bankReference, reason}
 * signed with HMAC-SHA256 under the shared secret ({@code govclear.settlement.bank-secret}), Base64 in the header
 * {@code X-Payout-Signature}, checked by {@code security.PayoutSignatureMechanism} before the body is read. Without a key (production
 * must set GOVCLEAR_SETTLEMENT_BANK_SECRET; dev, test and demo ship a throw-away one) no confirmation is accepted.
 */
@ApplicationScoped
public class PayoutConfirmations {

    public static final String SIGNATURE_HEADER = "X-Payout-Signature";
    static final int BANK_REFERENCE_MAX = 64;
    static final int REASON_MAX = 200;

    /** The body as the bank sends it. */
    public record Body(String businessDate, Integer issueNo, String outcome, String bankReference, String reason) {
    }

    @Inject SettlementService service;
    @Inject SettlementConfig config;
    @Inject ObjectMapper json;

    /** What the bank puts in the signature header for {@code body}. */
    public String sign(byte[] body) {
        String secret = config.bankSecret()
                .orElseThrow(() -> new ProblemException(ProblemCode.PAYOUT_BANK_NOT_CONFIGURED,
                        "No payout bank key is configured (govclear.settlement.bank-secret)"));
        return Base64.getEncoder().encodeToString(Digests.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    public byte[] body(Body body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is the bank's for {@code body}. */
    public boolean verify(byte[] body, String signature) {
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        return signature != null && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Applies a confirmation whose signature verified ({@code PayoutSignatureMechanism}) to {@code date}'s batch. */
    public Uni<Batch> accept(LocalDate date, byte[] raw) {
        Body body;
        try {
            body = json.readValue(raw, Body.class);
        } catch (IOException e) {
            throw new ProblemException(ProblemCode.BODY_INVALID, "The confirmation is not the expected JSON");
        }
        if (body == null) {
            throw new ProblemException(ProblemCode.BODY_INVALID, "The confirmation is a JSON object, not null");
        }
        LocalDate bodyDate;
        try {
            bodyDate = body.businessDate() == null ? null : LocalDate.parse(body.businessDate());
        } catch (DateTimeParseException e) {
            bodyDate = null;
        }
        if (!date.equals(bodyDate)) {
            throw ProblemException.invalid("businessDate", "must be the path's date " + date);
        }
        if (body.issueNo() == null) {
            throw ProblemException.invalid("issueNo", "is required");
        }
        if (body.issueNo() < 1) {
            throw ProblemException.invalid("issueNo", "must be an issue number, 1 or more");
        }
        // each ends in the batch's transition detail (varchar(300), after "paid, bank reference " or "payout failed: ")
        if (body.bankReference() != null && body.bankReference().length() > BANK_REFERENCE_MAX) {
            throw ProblemException.invalid("bankReference", "must be at most " + BANK_REFERENCE_MAX + " characters");
        }
        if (body.reason() != null && body.reason().length() > REASON_MAX) {
            throw ProblemException.invalid("reason", "must be at most " + REASON_MAX + " characters");
        }
        PayoutAnswer.Outcome outcome;
        try {
            outcome = PayoutAnswer.Outcome.valueOf(String.valueOf(body.outcome()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("outcome", "must be PAID or FAILED");
        }
        return service.bankAnswer(new PayoutAnswer(date, body.issueNo(), outcome, body.bankReference(),
                body.reason()));
    }
}
