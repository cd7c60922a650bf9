package io.govclear.reminder;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govclear.order.service.OrderService;
import io.govclear.common.Transactions;
import io.govclear.security.Masking;
import io.govclear.security.PersonalData;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Sends queued messages (simulated: SMS is not wired to a gateway). Messages are claimed with FOR UPDATE SKIP LOCKED
 * inside one transaction, so N instances send each once. The payer's phone is decrypted from the bill only here, at
 * send time, handed to the (simulated) gateway and recorded masked; it is never stored in clear or logged. A message
 * whose bill is no longer unpaid is DROPPED.
 */
@Singleton
public class MessageSender {

    private static final Logger LOG = Logger.getLogger(MessageSender.class);

    @Inject Transactions transactions;
    @Inject MessageOutbox outbox;
    @Inject PersonalData personalData;
    @Inject ObjectMapper json;
    @Inject Clock clock;
    @Inject RemindersConfig config;

    @Scheduled(every = "${govclear.reminders.send-interval}", identity = "message-sender",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return sendQueued().replaceWithVoid();
    }

    /** Sends every queued message, a batch per transaction; returns how many were sent or dropped. */
    public Uni<Integer> sendQueued() {
        return transactions.inTransaction(tx -> outbox.claimQueued(tx, config.batchSize())
                        .chain(claimed -> Multi.createFrom().iterable(claimed)
                                .onItem().transformToUniAndConcatenate(r -> send(tx, r))
                                .collect().asList()
                                .invoke(statuses -> {
                                    if (!statuses.isEmpty()) {
                                        LOG.infof("messages: %d sent, %d dropped (bill no longer unpaid)",
                                                statuses.stream().filter(MessageStatus.SENT::equals).count(),
                                                statuses.stream().filter(MessageStatus.DROPPED::equals).count());
                                    }
                                })
                                .map(done -> claimed.size())))
                .chain(n -> n == 0 ? Uni.createFrom().item(0) : sendQueued().map(more -> n + more));
    }

    /** Sends (or drops) one message; returns its new status. */
    private Uni<MessageStatus> send(SqlClient tx, Row message) {
        if (!"UNPAID".equals(message.getString("order_status"))) {
            return outbox.move(tx, message.getLong("id"), MessageStatus.DROPPED, null, clock.instant());
        }
        String phone = phoneOf(message);
        // a real deployment hands (phone, text) to the SMS gateway here; the simulation only records the masked number
        return outbox.move(tx, message.getLong("id"), MessageStatus.SENT, Masking.phone(phone),
                clock.instant());
    }

    private String phoneOf(Row message) {
        String plain = personalData.decrypt(message.getBuffer("payer_enc").getBytes(),
                OrderService.payerContext(message.getString("payment_code")));
        try {
            return json.readTree(plain).path("phone").asText();
        } catch (IOException e) {
            // not chained: the parser's message would quote the decrypted text
            throw new IllegalStateException("payer data of bill " + message.getString("payment_code")
                    + " does not parse");
        }
    }
}
