package io.govclear.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.Channel;
import io.govclear.channel.health.ChannelCallLog.Answers;
import io.govclear.funds.FundsService.MissingCredit;
import io.govclear.payment.repository.AttemptRepository.Bookings;
import io.govclear.payment.repository.AttemptRepository.UnitVolume;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert conditions as pure judgements: each threshold and minimum, on both sides of it. */
class AlertRulesTest {

    record Failures(Duration window, int minimumCalls, int ratePercent) implements AlertsConfig.ChannelFailures {
    }

    record Delay(Duration window, int minimumPayments, Duration p95) implements AlertsConfig.NotifyDelay {
    }

    record Duplicates(Duration window, int moreThan) implements AlertsConfig.DuplicatePayments {
    }

    record Volume(double surgeRatio, double dropRatio, int minimum) implements AlertsConfig.UnitVolume {
    }

    record SignIns(Duration window, int perUser, int total) implements AlertsConfig.SignInFailures {
    }

    private static final Failures FAILURES = new Failures(Duration.ofMinutes(10), 20, 50);

    @Test
    void aChannelIsJudgedOnlyWithTheMinimumCallsAndOnlyAboveTheRate() {
        List<Finding> found = AlertRules.channelFailures(java.util.Map.of(Channel.ALIPAY, new Answers(19, 19),
                Channel.WECHAT_PAY, new Answers(20, 10), Channel.UNIONPAY, new Answers(20, 11)), FAILURES);
        assertThat(found).extracting(Finding::subject).containsExactly("UNIONPAY");
        assertThat(found.get(0).fingerprint()).isEqualTo("CHANNEL_FAILURE_RATE|UNIONPAY");
        assertThat(found.get(0).details()).containsEntry("calls", 20L).containsEntry("unanswered", 11L)
                .containsEntry("ratePercent", 55.0).containsEntry("thresholdPercent", 50)
                .containsEntry("window", "PT10M");
    }

    @Test
    void theNotifyDelayIsItsNinetyFifthPercentileOverTheLimitWithEnoughPayments() {
        Delay limits = new Delay(Duration.ofMinutes(15), 20, Duration.ofMinutes(2));
        List<Finding> found = AlertRules.notifyDelays(java.util.Map.of(
                Channel.ALIPAY, new Bookings(19, 19, 0, Duration.ofMinutes(30).toMillis()),
                Channel.WECHAT_PAY, new Bookings(20, 20, 0, Duration.ofMinutes(2).toMillis()),
                Channel.UNIONPAY, new Bookings(20, 20, 0, Duration.ofSeconds(121).toMillis())), limits);
        assertThat(found).extracting(Finding::subject).containsExactly("UNIONPAY");
        assertThat(found.get(0).details()).containsEntry("p95Seconds", 121.0).containsEntry("thresholdSeconds",
                120.0);
    }

    @Test
    void duplicatePaymentsAlertAboveTheirLimitOnly() {
        Duplicates limit = new Duplicates(Duration.ofHours(1), 5);
        assertThat(AlertRules.duplicatePayments(5, limit)).isEmpty();
        assertThat(AlertRules.duplicatePayments(6, limit)).singleElement()
                .satisfies(f -> assertThat(f.fingerprint()).isEqualTo("DUPLICATE_PAYMENTS|ALL"));
    }

    @Test
    void aUnitsLastDayIsComparedWithTheMedianOfTheSevenBefore() {
        Volume limits = new Volume(3, 0.2, 50);
        Map<Long, String> codes = Map.of(1L, "SURGE", 2L, "SMALL", 3L, "DROP", 4L, "STEADY", 5L, "NEW", 6L, "QUIET");
        List<Finding> found = AlertRules.unitVolumes(List.of(
                // median 30 of {10, 20, 30, 30, 40, 50, 900}: 91 > 90 is a surge (one big day does not move it)
                new UnitVolume(1, new long[] { 91, 10, 20, 30, 30, 40, 50, 900 }),
                // a surge below the minimum is not judged
                new UnitVolume(2, new long[] { 49, 1, 1, 1, 1, 1, 1, 1 }),
                // median 100: 19 < 20 is a drop
                new UnitVolume(3, new long[] { 19, 100, 100, 100, 100, 100, 100, 100 }),
                new UnitVolume(4, new long[] { 90, 30, 30, 30, 30, 30, 30, 30 }),
                // no usual day at all: 60 is a surge
                new UnitVolume(5, new long[] { 60, 0, 0, 0, 0, 0, 0, 0 }),
                // a usual day under the minimum is not judged for a drop
                new UnitVolume(6, new long[] { 0, 49, 49, 49, 49, 49, 49, 49 })), limits, codes::get);
        assertThat(found).extracting(Finding::fingerprint).containsExactly("UNIT_VOLUME|SURGE|SURGE",
                "UNIT_VOLUME|DROP|DROP", "UNIT_VOLUME|NEW|SURGE");
        assertThat(found.get(0).details()).containsEntry("last24h", 91L).containsEntry("usual", 30.0)
                .containsEntry("previousDays", List.of(10L, 20L, 30L, 30L, 40L, 50L, 900L));
        assertThat(AlertRules.median(new long[] { 4, 1, 3, 2 })).isEqualTo(2.5);
    }

    @Test
    void signInFailuresAlertPerUserAndInTotal() {
        SignIns limits = new SignIns(Duration.ofMinutes(15), 5, 20);
        assertThat(AlertRules.signInFailures(Map.of("alice", 5L, "bob", 5L, "(unknown)", 5L), limits)).isEmpty();
        assertThat(AlertRules.signInFailures(Map.of("alice", 6L, "bob", 5L, "(unknown)", 10L), limits))
                .extracting(Finding::fingerprint)
                .containsExactlyInAnyOrder("SIGN_IN_FAILURES|alice|USER", "SIGN_IN_FAILURES|(unknown)|USER",
                        "SIGN_IN_FAILURES|ALL|TOTAL");
    }

    @Test
    void everyMissingCreditIsItsOwnAlert() {
        LocalDate day = LocalDate.of(2026, 11, 22);
        assertThat(AlertRules.missingCredits(List.of(new MissingCredit("ALIPAY", day, day.plusDays(1), 10_000L),
                new MissingCredit("ALIPAY", day.plusDays(1), day.plusDays(2), 0L))))
                .extracting(Finding::fingerprint)
                .containsExactly("MISSING_CREDIT|ALIPAY 2026-11-22", "MISSING_CREDIT|ALIPAY 2026-11-23");
    }
}
