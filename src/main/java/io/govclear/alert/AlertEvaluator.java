package io.govclear.alert;

import io.govclear.catalog.Catalog;
import io.govclear.catalog.CatalogService;
import io.govclear.channel.health.ChannelCallLog;
import io.govclear.common.Clocks;
import io.govclear.common.ScheduledRuns;
import io.govclear.common.Transactions;
import io.govclear.funds.FundsConfig;
import io.govclear.funds.FundsService;
import io.govclear.payment.service.DuplicatePayments;
import io.govclear.payment.service.PaymentService;
import io.govclear.security.StaffSignIn;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Watches the transactions (交易监控): every {@code govclear.alerts.interval} one instance (the one that claims the
 * slot's row in alert_evaluation) measures each condition through the feature that owns its data, judges it
 * ({@link AlertRules}), raises what is newly abnormal and resolves what has cleared. Raising is keyed by the
 * fingerprint of the unresolved alert, so even two evaluations at once raise each alert once. A condition whose
 * measurement fails is left as it was (neither raised nor resolved) until the next evaluation. The instances that do
 * not evaluate a slot take its gauges ({@code govclear_funds_missing_credits{channel}}) from the row, so every
 * instance exports what the last evaluation found. Like every job it first runs once the catalog is loaded (the
 * scheduler starts halted, CatalogStartup).
 */
@Startup
@Singleton
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    /** The days of the unit volume condition: the last 24 hours and the 7 days before. */
    private static final int VOLUME_DAYS = 8;

    /** What an evaluation did. */
    public record Evaluation(int raised, int resolved, List<AlertKind> failed, Map<String, Long> missingCredits) {
    }

    private record Judged(AlertKind kind, int raised, int resolved, boolean failed, List<Finding> findings) {
    }

    private final AlertRepository alerts;
    private final Transactions transactions;
    private final AlertsConfig config;
    private final Clock clock;
    private final ChannelCallLog calls;
    private final PaymentService payments;
    private final DuplicatePayments duplicates;
    private final StaffSignIn signIns;
    private final FundsService funds;
    private final CatalogService catalog;
    private final AtomicReference<Map<String, Long>> missing = new AtomicReference<>(Map.of());

    public AlertEvaluator(AlertRepository alerts, Transactions transactions, AlertsConfig config, Clock clock,
            ChannelCallLog calls, PaymentService payments, DuplicatePayments duplicates, StaffSignIn signIns,
            FundsService funds, FundsConfig fundsConfig, CatalogService catalog, MeterRegistry registry) {
        this.alerts = alerts;
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
        this.calls = calls;
        this.payments = payments;
        this.duplicates = duplicates;
        this.signIns = signIns;
        this.funds = funds;
        this.catalog = catalog;
        for (String channel : fundsConfig.channels().keySet()) {
            Gauge.builder("govclear.funds.missing.credits", missing,
                            m -> m.get().getOrDefault(channel, 0L).doubleValue())
                    .description("Channel settlements due and not credited by the bank, as the last alert"
                            + " evaluation found them")
                    .tag("channel", channel)
                    .register(registry);
        }
    }

    @Scheduled(every = "${govclear.alerts.interval}", identity = "alert-evaluation",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        Instant now = clock.instant();
        long every = config.interval().toSeconds();
        Instant slot = Instant.ofEpochSecond(now.getEpochSecond() / every * every);
        return ScheduledRuns.warnOnFailure(alerts.claim(transactions.autoCommit(), slot, now)
                .chain(claimed -> claimed
                        ? evaluate().chain(done -> alerts.finish(transactions.autoCommit(), slot, clock.instant(),
                                gauges(done.missingCredits())))
                        : alerts.latestGauges(transactions.autoCommit(), now)
                                .invoke(latest -> latest.ifPresent(this::show))
                                .replaceWithVoid()),
                LOG, "evaluating the alerts failed; the next interval tries again");
    }

    /**
     * Evaluates every condition now, one after another, and raises and resolves their alerts. Also safe while
     * another instance evaluates (an alert is raised once).
     */
    public Uni<Evaluation> evaluate() {
        Instant now = clock.instant();
        Catalog units = catalog.current();
        AlertsConfig.ChannelFailures failures = config.channelFailures();
        AlertsConfig.NotifyDelay delay = config.notifyDelay();
        AlertsConfig.DuplicatePayments duplicated = config.duplicatePayments();
        AlertsConfig.SignInFailures signIn = config.signInFailures();
        LocalDate today = LocalDate.ofInstant(now, Clocks.BUSINESS_ZONE);
        List<Condition> conditions = List.of(
                new Condition(AlertKind.CHANNEL_FAILURE_RATE, () -> calls.answers(now.minus(failures.window()), now)
                        .map(answers -> AlertRules.channelFailures(answers, failures))),
                new Condition(AlertKind.NOTIFY_DELAY, () -> payments.bookings(now.minus(delay.window()), now)
                        .map(delays -> AlertRules.notifyDelays(delays, delay))),
                new Condition(AlertKind.DUPLICATE_PAYMENTS, () -> duplicates.countRecorded(
                                now.minus(duplicated.window()), now)
                        .map(recorded -> AlertRules.duplicatePayments(recorded, duplicated))),
                new Condition(AlertKind.UNIT_VOLUME, () -> payments.unitVolumes(now, VOLUME_DAYS)
                        .map(volumes -> AlertRules.unitVolumes(volumes, config.unitVolume(), id -> {
                            Catalog.Unit unit = units.unit(id);
                            return unit == null ? Long.toString(id) : unit.code();
                        }))),
                new Condition(AlertKind.SIGN_IN_FAILURES, () -> signIns.failures(now.minus(signIn.window()), now)
                        .map(byUser -> AlertRules.signInFailures(byUser, signIn))),
                new Condition(AlertKind.MISSING_CREDIT, () -> funds.missingCredits(
                                today.minusDays(config.missingCredits().days()), today.minusDays(1))
                        .map(AlertRules::missingCredits)));
        return Multi.createFrom().iterable(conditions)
                .onItem().transformToUniAndConcatenate(c -> judge(c, now))
                .collect().asList()
                .map(judged -> {
                    Judged credits = judged.stream().filter(j -> j.kind() == AlertKind.MISSING_CREDIT).findFirst()
                            .orElseThrow();
                    if (!credits.failed()) {
                        missing.set(credits.findings().stream().collect(Collectors.groupingBy(
                                f -> (String) f.details().get("channel"), TreeMap::new, Collectors.counting())));
                    }
                    return new Evaluation(judged.stream().mapToInt(Judged::raised).sum(),
                            judged.stream().mapToInt(Judged::resolved).sum(),
                            judged.stream().filter(Judged::failed).map(Judged::kind).toList(), missing.get());
                });
    }

    /** A condition: how to measure and judge it. */
    private record Condition(AlertKind kind, Supplier<Uni<List<Finding>>> findings) {
    }

    /** Measures and judges one condition, then raises and resolves its alerts in one transaction. */
    private Uni<Judged> judge(Condition condition, Instant now) {
        return Uni.createFrom().deferred(() -> condition.findings().get())
                .chain(findings -> transactions.inTransaction(tx -> Multi.createFrom().iterable(findings)
                        .onItem().transformToUniAndConcatenate(f -> alerts.raise(tx, f, now)
                                .invoke(raised -> {
                                    if (raised) {
                                        LOG.warnf("alert raised: %s %s %s", f.kind(), f.subject(), f.details());
                                    }
                                }))
                        .collect().asList()
                        .chain(raised -> alerts.resolveOthers(tx, condition.kind(),
                                        findings.stream().map(Finding::fingerprint).toList(), now)
                                .map(resolved -> new Judged(condition.kind(),
                                        (int) raised.stream().filter(r -> r).count(), resolved, false, findings)))))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf(e, "alert condition %s could not be evaluated; left as it was", condition.kind());
                    return new Judged(condition.kind(), 0, 0, true, List.of());
                });
    }

    private JsonObject gauges(Map<String, Long> missingCredits) {
        return new JsonObject().put("missingCredits", new JsonObject(Map.copyOf(missingCredits)));
    }

    /** Exports the gauges another instance's evaluation stored. */
    private void show(JsonObject gauges) {
        JsonObject credits = gauges == null ? null : gauges.getJsonObject("missingCredits");
        if (credits != null) {
            missing.set(credits.getMap().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> ((Number) e.getValue()).longValue())));
        }
    }
}
