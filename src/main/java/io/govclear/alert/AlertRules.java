package io.govclear.alert;

import io.govclear.channel.Channel;
import io.govclear.channel.health.ChannelCallLog;
import io.govclear.funds.FundsService;
import io.govclear.payment.repository.AttemptRepository;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The alert conditions, as pure judgements of what was measured (AlertEvaluator measures): each returns the findings
 * of one kind, none when all is well. The same conditions, with the same thresholds, are the Prometheus rules of
 * ops/prometheus/govclear-alerts.yml.
 */
public final class AlertRules {

    /** The subject of a condition over everything (all duplicate payments, everyone's sign-ins). */
    public static final String ALL = "ALL";

    private AlertRules() {
    }

    /** A channel with at least the minimum calls in the window, more than the rate of them unanswered. */
    public static List<Finding> channelFailures(Map<Channel, ChannelCallLog.Answers> answers,
            AlertsConfig.ChannelFailures c) {
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<Channel, ChannelCallLog.Answers> e : answers.entrySet()) {
            ChannelCallLog.Answers a = e.getValue();
            if (a.calls() >= c.minimumCalls() && a.unanswered() * 100 > (long) c.ratePercent() * a.calls()) {
                found.add(new Finding(AlertKind.CHANNEL_FAILURE_RATE, e.getKey().name(), null, details(
                        "calls", a.calls(), "unanswered", a.unanswered(),
                        "ratePercent", Math.round(1000.0 * a.unanswered() / a.calls()) / 10.0,
                        "thresholdPercent", c.ratePercent(), "minimumCalls", c.minimumCalls(),
                        "window", c.window().toString())));
            }
        }
        return found;
    }

    /** A channel with at least the minimum bookings in the window whose 95th percentile delay is over the limit. */
    public static List<Finding> notifyDelays(Map<Channel, AttemptRepository.Bookings> bookings,
            AlertsConfig.NotifyDelay c) {
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<Channel, AttemptRepository.Bookings> e : bookings.entrySet()) {
            AttemptRepository.Bookings d = e.getValue();
            if (d.booked() >= c.minimumPayments() && d.p95Ms() > c.p95().toMillis()) {
                found.add(new Finding(AlertKind.NOTIFY_DELAY, e.getKey().name(), null, details(
                        "booked", d.booked(), "p95Seconds", d.p95Ms() / 1000.0,
                        "thresholdSeconds", c.p95().toMillis() / 1000.0, "minimumPayments", c.minimumPayments(),
                        "window", c.window().toString())));
            }
        }
        return found;
    }

    /** More duplicate payments in the window than allowed. */
    public static List<Finding> duplicatePayments(long recorded, AlertsConfig.DuplicatePayments c) {
        return recorded > c.moreThan()
                ? List.of(new Finding(AlertKind.DUPLICATE_PAYMENTS, ALL, null, details("recorded", recorded,
                        "moreThan", c.moreThan(), "window", c.window().toString())))
                : List.of();
    }

    /**
     * A unit whose last 24 hours ({@code byDay[0]}) are far off its usual day, the median of the 7 days before
     * ({@code byDay[1..7]}, each the same 24 hours of its day): a surge (at least the minimum, more than surge-ratio
     * times usual) or a drop (a usual day of at least the minimum, less than drop-ratio of it).
     */
    public static List<Finding> unitVolumes(List<AttemptRepository.UnitVolume> volumes, AlertsConfig.UnitVolume c,
            LongFunction<String> unitCode) {
        List<Finding> found = new ArrayList<>();
        for (AttemptRepository.UnitVolume v : volumes) {
            long last = v.byDay()[0];
            double usual = median(Arrays.copyOfRange(v.byDay(), 1, v.byDay().length));
            String variant = null;
            if (last >= c.minimum() && last > c.surgeRatio() * usual) {
                variant = "SURGE";
            } else if (usual >= c.minimum() && last < c.dropRatio() * usual) {
                variant = "DROP";
            }
            if (variant != null) {
                found.add(new Finding(AlertKind.UNIT_VOLUME, unitCode.apply(v.unitId()), variant, details(
                        "direction", variant, "last24h", last, "usual", usual,
                        "previousDays", Arrays.stream(v.byDay()).skip(1).boxed().toList(),
                        "surgeRatio", c.surgeRatio(), "dropRatio", c.dropRatio(), "minimum", c.minimum())));
            }
        }
        return found;
    }

    /** A username with more failed sign-ins in the window than allowed, and everyone's together. */
    public static List<Finding> signInFailures(Map<String, Long> byUser, AlertsConfig.SignInFailures c) {
        List<Finding> found = new ArrayList<>();
        byUser.forEach((user, failures) -> {
            if (failures > c.perUser()) {
                found.add(new Finding(AlertKind.SIGN_IN_FAILURES, user, "USER", details("failures", failures,
                        "perUser", c.perUser(), "window", c.window().toString())));
            }
        });
        long total = byUser.values().stream().mapToLong(Long::longValue).sum();
        if (total > c.total()) {
            found.add(new Finding(AlertKind.SIGN_IN_FAILURES, ALL, "TOTAL", details("failures", total,
                    "users", byUser.size(), "total", c.total(), "window", c.window().toString())));
        }
        return found;
    }

    /** Each channel settlement that is due and has not reached the bank. */
    public static List<Finding> missingCredits(List<FundsService.MissingCredit> missing) {
        return missing.stream().map(m -> new Finding(AlertKind.MISSING_CREDIT, m.channel() + " " + m.businessDate(),
                null, details("channel", m.channel(), "businessDate", m.businessDate().toString(),
                        "dueDate", m.dueDate().toString(), "expectedFen", m.expectedFen())))
                .toList();
    }

    /** The median, as PostgreSQL's percentile_cont(0.5) and Prometheus's quantile(0.5) take it; 0 for none. */
    static double median(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /** Details in the order given (name, value, name, value…). */
    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
