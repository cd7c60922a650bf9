package io.govclear.settlement;

import io.govclear.channel.Channel;
import io.govclear.common.Clocks;
import io.govclear.common.GovClearConfig;
import io.govclear.common.ProblemCode;
import io.govclear.common.ProblemException;
import io.govclear.common.Transactions;
import io.govclear.funds.FundsConfig;
import io.govclear.ledger.LedgerService;
import io.govclear.ledger.Posting;
import io.govclear.payment.routing.RoutingConfig;
import io.govclear.security.StaffUser;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Daily settlement: builds the batch of a business date once (unique key on the date, builders serialised by an
 * advisory lock, so N requests on N instances make one batch), confirms it under four eyes, and books the bank's
 * payout answer. Each step is audited and posted in the transaction that makes it.
 */
@ApplicationScoped
public class SettlementService {

    /** The batch of a date, and whether this call built it. */
    public record Built(Batch batch, boolean created) {
    }

    private final Transactions transactions;
    private final SettlementRepository repo;
    private final LedgerService ledger;
    private final SettlementConfig config;
    private final RoutingConfig routing;
    private final GovClearConfig govclear;
    private final Clock clock;
    private final FundsConfig funds;

    public SettlementService(Transactions transactions, SettlementRepository repo, LedgerService ledger,
            SettlementConfig config, RoutingConfig routing, GovClearConfig govclear, Clock clock, FundsConfig funds) {
        this.funds = funds;
        this.transactions = transactions;
        this.repo = repo;
        this.ledger = ledger;
        this.config = config;
        this.routing = routing;
        this.govclear = govclear;
        this.clock = clock;
    }

    /** Whether the channel pays in gross and bills its fees apart (funds terms), rather than keeping them back. */
    private boolean grossOf(String channel) {
        FundsConfig.Terms terms = funds.channels().get(channel);
        return terms != null && terms.settles() == FundsConfig.Settles.GROSS;
    }

    /** A channel's fee rate: settlement's own, else the routing rate, else none. */
    int feeRateBp(String channel) {
        Integer own = config.feeRateBp().get(channel);
        if (own != null) {
            return own;
        }
        RoutingConfig.ChannelPolicy policy = routing.channels().get(channel);
        return policy == null ? 0 : policy.feeRateBp();
    }

    /**
     * The batch of {@code date}: built when there is none. Only an ended business day (with demo.seed the current
     * one too, on demand).
     */
    public Uni<Built> build(LocalDate date, String preparedBy) {
        LocalDate today = LocalDate.now(clock.withZone(Clocks.BUSINESS_ZONE));
        if (date.isAfter(today) || (date.equals(today) && !govclear.demo().seed())) {
            throw new ProblemException(ProblemCode.BUSINESS_DAY_NOT_CLOSED,
                    date + " has not ended yet; it can be settled from " + date.plusDays(1));
        }
        Instant now = clock.instant();
        Instant start = date.atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        Channel[] channels = Channel.values();
        String[] names = new String[channels.length];
        Integer[] rates = new Integer[channels.length];
        for (int i = 0; i < channels.length; i++) {
            names[i] = channels[i].name();
            rates[i] = feeRateBp(names[i]);
        }
        return transactions.inTransaction(tx -> repo.lockBuilds(tx)
                        .chain(() -> repo.insertBatch(tx, date, preparedBy, now))
                        .chain(id -> id.isEmpty() ? Uni.createFrom().item(false)
                                : repo.build(tx, id.get(), start, end, names, rates, config.buildWorkMem())
                                        .chain(() -> split(tx, id.get()))
                                        .chain(() -> found(tx, date, false))
                                        .chain(batch -> repo.audit(tx, now, preparedBy, "SETTLEMENT_PREPARED",
                                                batch.id(), totals(batch)))
                                        .map(x -> true)))
                .chain(created -> found(transactions.autoCommit(), date, false)
                        .map(batch -> new Built(batch, created)));
    }

    /** Splits every line's net by budget level and retained share ({@link BudgetSplit}). */
    private Uni<Void> split(SqlClient tx, long id) {
        return repo.lineShares(tx, id).chain(lines -> {
            List<Long> units = new ArrayList<>();
            List<Long> items = new ArrayList<>();
            List<String> levels = new ArrayList<>();
            List<Long> amounts = new ArrayList<>();
            for (SettlementRepository.LineShares line : lines) {
                long[] parts = BudgetSplit.split(line.netFen(), line.sharesBp());
                for (int i = 0; i < parts.length; i++) {
                    if (line.sharesBp()[i] > 0) {
                        units.add(line.unitId());
                        items.add(line.itemId());
                        levels.add(BudgetSplit.LEVELS.get(i));
                        amounts.add(parts[i]);
                    }
                }
            }
            return repo.insertSplits(tx, id, units, items, levels, amounts);
        });
    }

    /**
     * A supervisor other than the preparer confirms a draft: the fees and every unit's net are posted (see
     * {@link SettlementPostings}).
     */
    public Uni<Batch> confirm(LocalDate date, StaffUser user) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> found(tx, date, true)
                        .chain(batch -> {
                            if (batch.status() != BatchStatus.DRAFT) {
                                throw new ProblemException(ProblemCode.SETTLEMENT_NOT_DRAFT, "The settlement of " + date
                                        + " is " + batch.status() + "; only a DRAFT is confirmed");
                            }
                            if (batch.preparedBy().equals(user.username())) {
                                throw new ProblemException(ProblemCode.FOUR_EYES_REQUIRED, "The settlement of " + date
                                        + " was prepared by " + user.username()
                                        + "; another supervisor must confirm it");
                            }
                            return repo.move(tx, batch, BatchStatus.CONFIRMED, user.username(), "confirmed", now)
                                    .chain(moved -> moved(moved, batch))
                                    .chain(() -> postConfirm(tx, batch, now))
                                    .chain(() -> repo.audit(tx, now, user.username(), "SETTLEMENT_CONFIRMED",
                                            batch.id(), totals(batch)));
                        }))
                .chain(() -> found(transactions.autoCommit(), date, false));
    }

    private Uni<Void> postConfirm(SqlClient tx, Batch batch, Instant now) {
        return repo.unitAmounts(tx, batch.id()).chain(rows -> {
            Map<String, Long> netByUnit = new TreeMap<>();
            Map<String, Map<String, Long>> deducted = new TreeMap<>();
            Map<String, Long> feeByChannel = new TreeMap<>();
            for (Row r : rows) {
                String unit = r.getString("code");
                String channel = r.getString("channel");
                if (channel == null) {
                    netByUnit.merge(unit, r.getLong("net"), Long::sum);
                } else {
                    feeByChannel.merge(channel, r.getLong("fee"), Long::sum);
                    if (r.getLong("deducted") > 0) {
                        deducted.computeIfAbsent(unit, k -> new LinkedHashMap<>()).put(channel, r.getLong("deducted"));
                    }
                }
            }
            List<Posting> postings = new ArrayList<>();
            // a channel without fees (a claimed transfer; tiny amounts rounding to nothing) posts none
            feeByChannel.entrySet().stream().filter(fee -> fee.getValue() > 0).forEach(fee -> postings.add(
                    SettlementPostings.channelFees(batch.businessDate(), fee.getKey(), fee.getValue(),
                            grossOf(fee.getKey()))));
            netByUnit.forEach((unit, net) -> {
                Posting p = SettlementPostings.unit(batch.businessDate(), unit, net,
                        deducted.getOrDefault(unit, Map.of()));
                if (p != null) {
                    postings.add(p);
                }
            });
            return feeGaps(tx, batch.businessDate()).invoke(postings::addAll)
                    .chain(() -> ledger.postAll(tx, postings, now));
        });
    }

    /**
     * A channel that keeps its fees back (funds terms NET) keeps what its statement says, not what our rate gives:
     * it gives fees back on refunds and charges them on money we never booked (a channel-only line). For each such
     * channel whose statement of the date is reconciled, the difference between the statement's fees and the fees of
     * all the date's payments at our rate (settled now or held for later) moves between the fee expense and the
     * channel's clearing, so the day's clearing nets to zero once the channel's credit is in.
     */
    private Uni<List<Posting>> feeGaps(SqlClient tx, LocalDate date) {
        Instant start = date.atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(Clocks.BUSINESS_ZONE).toInstant();
        List<String> net = funds.channels().entrySet().stream()
                .filter(t -> t.getValue().settles() == FundsConfig.Settles.NET).map(Map.Entry::getKey).sorted().toList();
        return Multi.createFrom().iterable(net)
                .onItem().transformToUniAndConcatenate(channel -> repo.statementFeeGap(tx, channel,
                        feeRateBp(channel), date, start, end)
                        .map(gap -> gap.filter(fen -> fen != 0)
                                .map(fen -> SettlementPostings.feeGap(date, channel, fen)).orElse(null)))
                .filter(java.util.Objects::nonNull)
                .collect().asList();
    }

    /**
     * The payout bank's answer for the current issue of a confirmed batch: PAID books the payout (settlement
     * outbound → bank), FAILED records why and waits for a re-issue. An answer for another issue, or for a batch
     * not waiting for one, is a 409 and changes nothing.
     */
    public Uni<Batch> bankAnswer(PayoutAnswer answer) {
        Instant now = clock.instant();
        LocalDate date = answer.businessDate();
        return transactions.inTransaction(tx -> found(tx, date, true)
                        .chain(batch -> {
                            if (batch.status() != BatchStatus.CONFIRMED || batch.issueNo() != answer.issueNo()) {
                                throw new ProblemException(ProblemCode.PAYOUT_NOT_AWAITED, "The settlement of " + date
                                        + " is " + batch.status() + " at issue " + batch.issueNo()
                                        + "; no answer for issue " + answer.issueNo() + " is awaited");
                            }
                            boolean paid = answer.outcome() == PayoutAnswer.Outcome.PAID;
                            String detail = paid ? "paid, bank reference " + answer.bankReference()
                                    : "payout failed: " + answer.reason();
                            Posting posting = paid ? SettlementPostings.paid(date, batch.netFen(),
                                    config.payoutAccount()) : null;
                            return repo.move(tx, batch, paid ? BatchStatus.PAID : BatchStatus.FAILED, "bank", detail,
                                            now)
                                    .chain(moved -> moved(moved, batch))
                                    .chain(() -> posting == null ? Uni.createFrom().voidItem()
                                            : ledger.post(tx, posting, now).replaceWithVoid())
                                    .chain(() -> repo.audit(tx, now, "bank", paid ? "SETTLEMENT_PAID"
                                            : "SETTLEMENT_PAYOUT_FAILED", batch.id(), totals(batch)
                                            .put("issueNo", answer.issueNo()).put("detail", detail)));
                        }))
                .chain(() -> found(transactions.autoCommit(), date, false));
    }

    /** A supervisor re-issues a failed payout: CONFIRMED again under the next issue number. */
    public Uni<Batch> reissue(LocalDate date, StaffUser user) {
        Instant now = clock.instant();
        return transactions.inTransaction(tx -> found(tx, date, true)
                        .chain(batch -> {
                            if (batch.status() != BatchStatus.FAILED) {
                                throw new ProblemException(ProblemCode.SETTLEMENT_NOT_FAILED, "The settlement of "
                                        + date + " is " + batch.status() + "; only a FAILED payout is re-issued");
                            }
                            return repo.move(tx, batch, BatchStatus.CONFIRMED, user.username(), "re-issued", now)
                                    .chain(moved -> moved(moved, batch))
                                    .chain(() -> repo.audit(tx, now, user.username(), "SETTLEMENT_REISSUED",
                                            batch.id(), new JsonObject().put("issueNo", batch.issueNo() + 1)));
                        }))
                .chain(() -> found(transactions.autoCommit(), date, false));
    }

    public Uni<Batch> find(LocalDate date) {
        return found(transactions.autoCommit(), date, false);
    }

    /** The batch of a date, or empty when there is none yet. */
    public Uni<Optional<Batch>> ofDay(LocalDate date) {
        return find(date).map(Optional::of)
                .onFailure(e -> e instanceof ProblemException p && p.code() == ProblemCode.SETTLEMENT_NOT_FOUND)
                .recoverWithItem(Optional.empty());
    }

    private Uni<Batch> found(SqlClient client, LocalDate date, boolean forUpdate) {
        return repo.find(client, date, forUpdate).map(b -> b.orElseThrow(() -> new ProblemException(
                ProblemCode.SETTLEMENT_NOT_FOUND, "No settlement batch for " + date)));
    }

    private static Uni<Void> moved(boolean moved, Batch batch) {
        if (!moved) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "settlement batch " + batch.id() + " moved under its lock"));
        }
        return Uni.createFrom().voidItem();
    }

    private static JsonObject totals(Batch b) {
        return new JsonObject().put("businessDate", b.businessDate().toString()).put("grossFen", b.grossFen())
                .put("refundFen", b.refundFen()).put("feeFen", b.feeFen()).put("netFen", b.netFen())
                .put("heldFen", b.heldFen());
    }
}
