package io.govclear.order.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.audit.AuditLog;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Transactions;
import io.govclear.order.repository.OrderRepository;
import io.govclear.security.PersonalData;
import io.govclear.security.StaffUser;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * An authorised person's look at one payer's full ID number or phone on one bill (the platform norms: only
 * authorised staff see personal data, for a reason): the reveal is in the audit log — who, whose, which field, why,
 * when — before the value leaves the engine, and the value is never logged or stored anywhere else.
 */
@Singleton
public class PayerReveal {

    /** What may be revealed. */
    public enum Field {
        ID_NUMBER("idNumber"), PHONE("phone");

        private final String json;

        Field(String json) {
            this.json = json;
        }
    }

    @Inject OrderRepository orders;
    @Inject PersonalData personalData;
    @Inject AuditLog audit;
    @Inject Transactions transactions;
    @Inject ObjectMapper json;
    @Inject Clock clock;

    /** The field in clear (empty when the bill has none), once the reveal is audited. */
    public Uni<String> reveal(String paymentCode, Field field, StaffUser user, String reason) {
        if (RequiredText.of("reason", reason, 500).strip().length() < 4) {
            throw ProblemException.invalid("reason", "say why, in 4-500 characters");
        }
        return orders.payerEnc(paymentCode)
                .map(found -> found.orElseThrow(() -> new ProblemException(ProblemCode.ORDER_NOT_FOUND,
                        "No bill " + paymentCode)))
                .chain(enc -> audit.append(transactions.autoCommit(), clock.instant(), user.username(),
                                "PAYER_REVEALED", "ORDER", paymentCode, Map.of("field", field.name(), "reason", reason))
                        .map(logged -> value(enc, paymentCode, field)));
    }

    private String value(byte[] enc, String paymentCode, Field field) {
        try {
            JsonNode payer = json.readTree(personalData.decrypt(enc, OrderService.payerContext(paymentCode)));
            return payer.path(field.json).asText("");
        } catch (IOException e) {
            // not chained: the parser's message would quote the decrypted text
            throw new IllegalStateException("payer data of bill " + paymentCode + " does not parse");
        }
    }
}
