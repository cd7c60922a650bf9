package io.govclear.reconciliation;

import io.govclear.channel.AnswerKind;
import io.govclear.channel.Channel;
import io.govclear.channel.ChannelRegistry;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.dayclose.DayClose;
import io.govclear.common.ProblemException;
import io.govclear.common.RequiredText;
import io.govclear.common.Transactions;
import io.govclear.ledger.Accounts;
import io.govclear.ledger.LedgerService;
import io.govclear.payment.service.Applied;
import io.govclear.payment.service.PaymentService;
import io.govclear.payment.service.TradeFacts;
import io.govclear.reconciliation.statement.StatementLoader;
import io.govclear.security.StaffUser;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Opening runs (once per channel and closed business day), a supervisor's audited re-run, and manual resolution of
 * what is left in suspense (audited, posted, compare-and-set so an item is never resolved twice).
 */
@Singleton
public class ReconciliationService {

    private static final Logger LOG = Logger.getLogger(ReconciliationService.class);
    private static final int REASON_MAX = 300;

    @Inject Transactions transactions;
    @Inject RunRepository runs;
    @Inject DiscrepancyRepository discrepancies;
    @Inject ReconciliationEngine engine;
    @Inject ChannelRegistry channels;
    @Inject StatementLoader loader;
    @Inject PaymentService payments;
    @Inject LedgerService ledger;
    @Inject ReconciliationConfig config;
    @Inject GovClearConfig govclear;
    @Inject Clock clock;

    /** How many discrepancies wait for a person's decision (open, or in suspense). */
    public Uni<Long> awaitingDecision() {
        return discrepancies.countAwaitingDecision();
    }

    /**
     * The run for (channel, business date): created and started when there is none (created = true), else the
     * existing one. Only a closed business day can be reconciled: before today, and once the channel's statement is
     * available (its availability time on the next day); with demo.seed the current day too, on demand.
     */
    public Uni<RunRepository.Opened> open(Channel channel, LocalDate businessDate, String requestedBy) {
        checkReconcilable(channel);
        checkClosed(channel, businessDate);
        return runs.open(channel, businessDate, requestedBy, clock.instant())
                .invoke(opened -> {
                    if (opened.created()) {
                        start(opened.run().id());
                    }
                });
    }

    /** Whether the channel's statement for the day can be had: the day is over and the statement time has passed. */
    public boolean statementAvailable(Channel channel, LocalDate businessDate, Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, Clocks.BUSINESS_ZONE);
        return !local.isBefore(businessDate.plusDays(1).atTime(availableAt(channel)));
    }

    /** When the channel serves the previous day's statement; midnight for a channel not configured. */
    private LocalTime availableAt(Channel channel) {
        ReconciliationConfig.ChannelStatement statement = config.channels().get(channel.name());
        return statement == null ? LocalTime.MIDNIGHT : statement.availableAt();
    }

    /** A supervisor runs a finished run again (new generation); what the old one left in suspense is reversed. */
    public Uni<Run> rerun(long id, String reason, StaffUser supervisor) {
        String why = reason(reason);
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> runs.lock(tx, id)
                .chain(found -> {
                    Run run = found.orElseThrow(() -> notFound(id));
                    if (!RunStatus.MACHINE.allows(run.status(), RunStatus.PENDING)) {
                        throw new ProblemException(ProblemCode.RUN_IN_PROGRESS, "Run " + id + " is " + run.status()
                                + "; only a COMPLETED or FAILED run can be run again");
                    }
                    return DayClose.refuseIfClosed(tx, run.businessDate(), run.businessDate(), "re-running the "
                                    + run.channel() + " reconciliation")
                            .chain(() -> discrepancies.current(tx, run))
                            .chain(current -> Multi.createFrom().iterable(current)
                                    .onItem().transformToUniAndConcatenate(d -> supersede(tx, run, d, now))
                                    .collect().last())
                            .chain(() -> runs.restart(tx, run, now))
                            .chain(() -> runs.audit(tx, now, supervisor.username(), "RECONCILIATION_RERUN",
                                    "RECONCILIATION_RUN", id, new JsonObject().put("reason", why)
                                            .put("previousGeneration", run.generation())
                                            .put("previousStatus", run.status().name())));
                }))
                .invoke(() -> start(id))
                .chain(() -> runs.find(id))
                .map(Optional::orElseThrow);
    }

    private Uni<Void> supersede(SqlClient tx, Run run, Discrepancy d, Instant now) {
        return switch (d.status()) {
            case SUSPENSE -> discrepancies.settle(tx, d.id(), DiscrepancyStatus.SUSPENSE, DiscrepancyStatus.SUPERSEDED,
                            "SUPERSEDED", null, d.suspenseFen(), null, now)
                    .chain(changed -> changed && d.suspenseFen() != 0
                            ? ledger.post(tx, SuspensePostings.release(d, "recon:supersede:" + d.id(),
                                    "RECON_SUPERSEDED", today(), "re-run of run " + run.id() + " reverses "
                                            + d.discrepancyClass() + " " + d.paymentId(),
                                    Accounts.channelClearing(run.channel().name())), now)
                            : Uni.createFrom().item(false))
                    .replaceWithVoid();
            case OPEN, PENDING_NEXT_DAY -> discrepancies.settle(tx, d.id(), d.status(), DiscrepancyStatus.SUPERSEDED,
                    "SUPERSEDED", null, 0, null, now).replaceWithVoid();
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * Resolves a discrepancy in suspense: posted out of suspense, audited, once (a second attempt is 409).
     * TRUST_CHANNEL on a payment we hold as not paid back-fills it first, through the same path as a callback.
     */
    public Uni<Discrepancy> resolve(long runId, long discrepancyId, ResolutionAction action, String reason,
            StaffUser user) {
        String why = reason(reason);
        return runs.find(runId)
                .map(found -> found.orElseThrow(() -> notFound(runId)))
                .chain(run -> discrepancies.find(transactions.autoCommit(), runId, discrepancyId)
                        .chain(found -> {
                            Discrepancy d = found.orElseThrow(() -> new ProblemException(
                                    ProblemCode.DISCREPANCY_NOT_FOUND,
                                    "Run " + runId + " has no discrepancy " + discrepancyId));
                            if (d.status() != DiscrepancyStatus.SUSPENSE) {
                                throw notResolvable(d);
                            }
                            return counterAccount(run, d, action)
                                    .chain(counter -> post(run, d, action, why, user, counter));
                        }));
    }

    private Uni<String> counterAccount(Run run, Discrepancy d, ResolutionAction action) {
        String clearing = Accounts.channelClearing(run.channel().name());
        return switch (action) {
            case TRUST_PLATFORM -> Uni.createFrom().item(clearing);
            case WRITE_OFF -> Uni.createFrom().item(Accounts.WRITE_OFF);
            case REFUND -> {
                if (d.suspenseFen() <= 0) {
                    throw new ProblemException(ProblemCode.NOTHING_TO_REFUND,
                            "Discrepancy " + d.id() + " is money we miss, not money we hold");
                }
                yield Uni.createFrom().item(Accounts.PAYER_REFUNDABLE);
            }
            case TRUST_CHANNEL -> d.discrepancyClass() == DiscrepancyClass.STATUS_MISMATCH && d.attemptId() != null
                    && !d.aboutRefund()
                    ? backfill(run, d).replaceWith(clearing)
                    : Uni.createFrom().item(d.suspenseFen() > 0 ? Accounts.PAYER_REFUNDABLE : Accounts.WRITE_OFF);
        };
    }

    private Uni<Applied> backfill(Run run, Discrepancy d) {
        return runs.completedAt(d.runId(), d.paymentId())
                .chain(paidAt -> payments.apply(d.paymentId(), run.channel(), new TradeFacts(AnswerKind.SUCCESS,
                        d.channelTradeNo(), d.statementFen(), paidAt.orElse(null), "trusted statement"),
                        "RECONCILIATION"))
                .invoke(applied -> {
                    if (applied != Applied.PAID && applied != Applied.DUPLICATE_RECORDED
                            && applied != Applied.NO_CHANGE) {
                        throw new ProblemException(ProblemCode.CANNOT_BACKFILL, "Payment " + d.paymentId()
                                + " cannot be back-filled from the statement: " + applied);
                    }
                });
    }

    private Uni<Discrepancy> post(Run run, Discrepancy d, ResolutionAction action, String why, StaffUser user,
            String counter) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> discrepancies.settle(tx, d.id(), DiscrepancyStatus.SUSPENSE,
                        DiscrepancyStatus.RESOLVED, action.name(), user.username(), d.suspenseFen(),
                        d.detail() + "; " + action + " by " + user.username() + ": " + why, now)
                .chain(changed -> {
                    if (!changed) {
                        throw new ProblemException(ProblemCode.ALREADY_RESOLVED, "Discrepancy " + d.id()
                                + " was resolved meanwhile");
                    }
                    return d.suspenseFen() == 0 ? Uni.createFrom().item(false)
                            : ledger.post(tx, SuspensePostings.release(d, "recon:resolve:" + d.id(),
                                    "RECON_" + action.name(), today(), action + " " + d.discrepancyClass() + " "
                                            + d.paymentId() + " by " + user.username(), counter), now);
                })
                .chain(() -> runs.audit(tx, now, user.username(), "DISCREPANCY_" + action.name(), "DISCREPANCY",
                        d.id(), new JsonObject().put("runId", run.id()).put("reason", why)
                                .put("class", d.discrepancyClass().name()).put("paymentId", d.paymentId())
                                .put("suspenseFen", d.suspenseFen()).put("counterAccount", counter))))
                .chain(() -> discrepancies.find(transactions.autoCommit(), run.id(), d.id()))
                .map(Optional::orElseThrow);
    }

    private void start(long id) {
        engine.process(id).subscribe().with(
                done -> LOG.debugf("reconciliation run %d processed: %s", id, done),
                e -> LOG.errorf(e, "reconciliation run %d could not be processed; the scheduler retries it", id));
    }

    private void checkReconcilable(Channel channel) {
        if (channels.find(channel).isEmpty() || loader.parser(channel).isEmpty()) {
            throw new ProblemException(ProblemCode.CHANNEL_NOT_RECONCILABLE,
                    "This build cannot read " + channel + " statements yet");
        }
    }

    private void checkClosed(Channel channel, LocalDate businessDate) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        if (businessDate.isAfter(today)) {
            throw new ProblemException(ProblemCode.BUSINESS_DAY_NOT_CLOSED,
                    businessDate + " has not happened yet");
        }
        if (govclear.demo().seed()) {
            return;
        }
        if (businessDate.equals(today)) {
            throw new ProblemException(ProblemCode.BUSINESS_DAY_NOT_CLOSED,
                    businessDate + " is today; it can be reconciled once the channel's statement is out tomorrow");
        }
        if (!statementAvailable(channel, businessDate, now)) {
            throw new ProblemException(ProblemCode.STATEMENT_NOT_AVAILABLE,
                    channel + " serves the statement of " + businessDate + " from "
                            + availableAt(channel) + " on the next day");
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), Clocks.BUSINESS_ZONE);
    }

    private static String reason(String reason) {
        return RequiredText.of("reason", reason, REASON_MAX);
    }

    private static ProblemException notResolvable(Discrepancy d) {
        ProblemCode code = d.status() == DiscrepancyStatus.RESOLVED || d.status() == DiscrepancyStatus.AUTO_RESOLVED
                ? ProblemCode.ALREADY_RESOLVED : ProblemCode.NOT_RESOLVABLE;
        return new ProblemException(code,
                "Discrepancy " + d.id() + " is " + d.status() + "; only an item in SUSPENSE is resolved by hand");
    }

    static ProblemException notFound(long id) {
        return new ProblemException(ProblemCode.RECONCILIATION_NOT_FOUND, "No reconciliation run " + id);
    }
}
