package io.govclear.alert;

import io.govclear.alert.AlertRepository.Shown;
import io.govclear.alert.AlertRepository.StoredAlert;
import io.govclear.audit.AuditLog;
import io.govclear.common.Page;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Alerts as people see them: listed newest first, counted while no one has acknowledged them, and acknowledged once
 * by a named person with a note (audited in the same transaction), whether or not the condition has cleared.
 */
@Singleton
public class AlertService {

    @Inject AlertRepository alerts;
    @Inject Transactions transactions;
    @Inject AuditLog audit;
    @Inject Clock clock;

    /** The alerts shown, newest first; {@code page} from 0. */
    public Uni<Page<StoredAlert>> list(Shown shown, int page, int size) {
        return alerts.list(transactions.autoCommit(), shown, page, size);
    }

    /** How many alerts wait for someone to acknowledge them. */
    public Uni<Long> countOpen() {
        return alerts.countOpen(transactions.autoCommit());
    }

    /**
     * {@code who} acknowledges the alert with a note; 404 ALERT_NOT_FOUND for an id no alert has, 409
     * ALERT_ALREADY_ACKNOWLEDGED when someone has (the answer names them).
     */
    public Uni<StoredAlert> acknowledge(String id, String who, String note) {
        long alertId = id(id);
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> alerts.acknowledge(tx, alertId, who, note, now)
                .chain(done -> done.isPresent()
                        ? audit.append(tx, now, who, "ALERT_ACKNOWLEDGED", "ALERT", id, Map.of("note", note,
                                        "kind", done.get().kind().name(), "subject", done.get().subject()))
                                .replaceWith(done.get())
                        : alerts.find(tx, alertId).<StoredAlert>map(found -> {
                            StoredAlert alert = found.orElseThrow(() -> notFound(id));
                            throw new ProblemException(ProblemCode.ALERT_ALREADY_ACKNOWLEDGED, "Alert " + id
                                    + " was acknowledged by " + alert.acknowledgedBy() + " at "
                                    + alert.acknowledgedAt());
                        })));
    }

    /** An alert id exactly as the API writes it (its number); anything else names no alert. */
    private static long id(String id) {
        if (id != null && id.matches("[1-9][0-9]{0,17}")) {
            return Long.parseLong(id);
        }
        throw notFound(id);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemCode.ALERT_NOT_FOUND, "No alert " + id);
    }
}
