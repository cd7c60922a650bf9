package io.govclear.funds;

import io.govclear.audit.AuditLog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.govclear.funds.DecisionRepository.Credit;
import io.govclear.funds.DecisionRepository.Decision;
import io.govclear.ledger.Accounts;
import io.govclear.ledger.LedgerService;
import io.govclear.ledger.Posting;
import io.govclear.order.Dues;
import io.govclear.order.OrderStatus;
import io.govclear.order.repository.StoredOrder;
import io.govclear.order.service.Bills;
import io.govclear.payment.service.PaymentService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * What finance decides about a credit nobody explains (未明款项): claim it to the bill it pays, or send it back to the
 * payer. One person proposes with a reason; a supervisor who is not the proposer approves (money moves) or rejects,
 * with a reason; each step is audited and happens once. Approval applies in its own transaction:
 * <ul>
 * <li>a claim: the bill, still unpaid and owing exactly the credit on the day it arrived, is paid through
 * {@link Channel#TRANSFER} (as a bank counter payment is booked, settled with the day it is approved), and the money
 * leaves suspense: Dr funds_suspense / Cr channel_clearing:TRANSFER;</li>
 * <li>a return: Dr funds_suspense / Cr funds_returning, until the bank's debit {@code RTN-<reference>} clears it.</li>
 * </ul>
 */
@Singleton
public class FundsDecisions {

    @Inject Transactions transactions;
    @Inject DecisionRepository decisions;
    @Inject FundsConfig config;
    @Inject Bills bills;
    @Inject PaymentService payments;
    @Inject CatalogService catalog;
    @Inject LedgerService ledger;
    @Inject AuditLog audit;
    @Inject Clock clock;

    /** Proposes to claim the credit to the bill with {@code paymentCode}. */
    public Uni<Decision> proposeClaim(String bankReference, String paymentCode, String who, String reason) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> credit(tx, bankReference)
                .chain(credit -> bills.lockByCode(tx, paymentCode).chain(found -> {
                    StoredOrder order = found.orElseThrow(() -> new ProblemException(ProblemCode.ORDER_NOT_FOUND,
                            "No bill " + paymentCode));
                    owes(order, credit);
                    return propose(tx, credit, "CLAIM", order.id(), order.paymentCode(), who, reason, now);
                })));
    }

    /** Proposes to send the credit back to its payer. */
    public Uni<Decision> proposeReturn(String bankReference, String who, String reason) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> credit(tx, bankReference)
                .chain(credit -> propose(tx, credit, "RETURN", null, null, who, reason, now)));
    }

    /** A supervisor's decision on a pending proposal ({@code decisionId} as a path gives it): approved or rejected. */
    public Uni<Decision> decide(String decisionId, boolean approve, String who, String reason) {
        if (decisionId == null || !decisionId.matches("[1-9][0-9]{0,17}")) {
            throw new ProblemException(ProblemCode.FUNDS_DECISION_NOT_FOUND, "No funds decision " + decisionId);
        }
        long id = Long.parseLong(decisionId);
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> decisions.lock(tx, id).chain(found -> {
            Decision d = found.orElseThrow(() -> new ProblemException(ProblemCode.FUNDS_DECISION_NOT_FOUND,
                    "No funds decision " + id));
            if (!"PENDING".equals(d.status())) {
                throw new ProblemException(ProblemCode.FUNDS_DECISION_NOT_PENDING,
                        "Decision " + id + " is " + d.status());
            }
            if (d.proposedBy().equals(who)) {
                throw new ProblemException(ProblemCode.OWN_PROPOSAL,
                        "Another supervisor decides on what " + who + " proposed");
            }
            Uni<String> applied = !approve ? Uni.createFrom().nullItem()
                    : "CLAIM".equals(d.kind()) ? claim(tx, d, who, now) : sendBack(tx, d, now);
            return applied
                    .chain(paymentId -> decisions.decide(tx, id, approve ? "APPROVED" : "REJECTED", who, reason,
                            paymentId, now))
                    .chain(() -> audit.append(tx, now, who, approve ? "FUNDS_DECISION_APPROVED"
                            : "FUNDS_DECISION_REJECTED", "FUNDS_DECISION", Long.toString(id), Map.of("kind", d.kind(),
                            "bankReference", d.bankReference(), "amountFen", d.amountFen(), "reason", reason)))
                    .chain(() -> decisions.find(tx, id)).map(after -> after.orElseThrow());
        }));
    }

    private Uni<Credit> credit(SqlClient tx, String bankReference) {
        return decisions.unknownCredit(tx, config.collectionAccount(), bankReference)
                .map(found -> found.orElseThrow(() -> new ProblemException(ProblemCode.FUNDS_ENTRY_NOT_FOUND,
                        "No unknown credit with bank reference " + bankReference)));
    }

    private Uni<Decision> propose(SqlClient tx, Credit credit, String kind, Long orderId, String paymentCode,
            String who, String reason, Instant now) {
        return decisions.propose(tx, config.collectionAccount(), credit, kind, orderId, paymentCode, who, reason, now)
                .map(id -> id.orElseThrow(() -> new ProblemException(ProblemCode.FUNDS_ENTRY_DECIDED,
                        "The credit " + credit.bankReference() + " already has a pending or applied decision")))
                .call(id -> audit.append(tx, now, who, "FUNDS_" + kind + "_PROPOSED", "FUNDS_DECISION",
                        Long.toString(id), Map.of("bankReference", credit.bankReference(), "amountFen",
                                credit.amountFen(), "bill", paymentCode == null ? "-" : paymentCode, "reason", reason)))
                .chain(id -> decisions.find(tx, id)).map(found -> found.orElseThrow());
    }

    /** The bill must be unpaid and owe exactly the credit on the day the money arrived; its late fee then. */
    private long owes(StoredOrder order, Credit credit) {
        if (order.status() != OrderStatus.UNPAID) {
            throw new ProblemException(ProblemCode.ORDER_NOT_PAYABLE, "Bill " + order.paymentCode() + " is "
                    + order.status() + "; the credit cannot pay it");
        }
        Dues dues = Dues.of(order, catalog.current(), credit.valueDate());
        if (dues.totalDueFen() != credit.amountFen()) {
            throw new ProblemException(ProblemCode.FUNDS_CLAIM_AMOUNT, "Bill " + order.paymentCode() + " owed "
                    + dues.totalDueFen() + " fen on " + credit.valueDate() + "; the credit is " + credit.amountFen()
                    + " fen");
        }
        return dues.lateFeeFen();
    }

    private Uni<String> claim(SqlClient tx, Decision d, String who, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        return credit(tx, d.bankReference()).chain(credit -> bills.lockByCode(tx, d.paymentCode()).chain(found -> {
            StoredOrder order = found.orElseThrow();
            long lateFee = owes(order, credit);
            return payments.bookTaken(tx, order, Channel.TRANSFER, lateFee, d.bankReference(), now,
                            "bank transfer " + d.bankReference() + " of " + credit.valueDate() + ", claimed by "
                                    + d.proposedBy() + ", approved by " + who, "FUNDS_CLAIM")
                    .call(booked -> ledger.post(tx, Posting.builder("funds-claim:" + d.id(), "FUNDS_CLAIM", today,
                                    d.paymentCode(), "unknown credit " + d.bankReference() + " claimed to bill "
                                            + d.paymentCode())
                            .debit(FundsPostings.SUSPENSE, d.amountFen())
                            .credit(Accounts.channelClearing(Channel.TRANSFER.name()), d.amountFen())
                            .build(), now))
                    .map(booked -> booked.attempt().paymentId());
        }));
    }

    private Uni<String> sendBack(SqlClient tx, Decision d, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        return ledger.post(tx, Posting.builder("funds-return:" + d.id(), "FUNDS_CREDIT_RETURN", today,
                                d.bankReference(), "unknown credit " + d.bankReference() + " to be sent back")
                        .debit(FundsPostings.SUSPENSE, d.amountFen())
                        .credit(FundsPostings.RETURNING, d.amountFen())
                        .build(), now)
                .replaceWith((String) null);
    }
}
