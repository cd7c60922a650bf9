package io.govclear.alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The alert conditions' thresholds ({@code govclear.alerts.*}, e.g. GOVCLEAR_ALERTS_CHANNEL_FAILURES_RATE_PERCENT).
 * The Prometheus rules (ops/prometheus/govclear-alerts.yml) carry the same defaults; change both together
 * (AlertsTest checks that they agree).
 */
@ConfigMapping(prefix = "govclear.alerts")
public interface AlertsConfig {

    /** How often the conditions are evaluated; one instance evaluates each interval. */
    @WithDefault("60s")
    Duration interval();

    ChannelFailures channelFailures();

    NotifyDelay notifyDelay();

    DuplicatePayments duplicatePayments();

    UnitVolume unitVolume();

    SignInFailures signInFailures();

    MissingCredits missingCredits();

    /** A channel's unanswered calls (channel_call, UNKNOWN). */
    interface ChannelFailures {

        /** The window the calls are counted in, up to now. */
        @WithDefault("10m")
        Duration window();

        /** A channel with fewer calls than this in the window is not judged. */
        @WithDefault("20")
        int minimumCalls();

        /** Alert when more than this share of the calls, in percent, went unanswered. */
        @WithDefault("50")
        int ratePercent();
    }

    /** The time from a payer's payment to its booking. */
    interface NotifyDelay {

        /** The window the bookings are taken from, up to now. */
        @WithDefault("15m")
        Duration window();

        /** A channel with fewer bookings than this in the window is not judged. */
        @WithDefault("20")
        int minimumPayments();

        /** Alert when the 95th percentile of the delay is longer than this. */
        @WithDefault("2m")
        Duration p95();
    }

    /** Payments no bill could take. */
    interface DuplicatePayments {

        /** The window they are counted in, up to now. */
        @WithDefault("1h")
        Duration window();

        /** Alert when more than this many were recorded in the window. */
        @WithDefault("5")
        int moreThan();
    }

    /** A unit's payments of the last 24 hours against the median of the 7 days before (the same hours of each). */
    interface UnitVolume {

        /** Alert when the last 24 hours had more than this many times the usual day (and at least the minimum). */
        @WithDefault("3")
        double surgeRatio();

        /** Alert when the last 24 hours had less than this share of a usual day of at least the minimum. */
        @WithDefault("0.2")
        double dropRatio();

        /** Fewer payments than this (in the last 24 hours for a surge, on the usual day for a drop) are not judged. */
        @WithDefault("50")
        int minimum();
    }

    /** Wrong passwords and second factors, and sign-ins refused on locked or disabled accounts. */
    interface SignInFailures {

        /** The window they are counted in, up to now. */
        @WithDefault("15m")
        Duration window();

        /** Alert when one username has more than this many in the window (names of nobody count as one). */
        @WithDefault("5")
        int perUser();

        /** Alert when everyone together has more than this many in the window. */
        @WithDefault("20")
        int total();
    }

    /** Channel settlements that are due and have not reached the bank (funds, MISSING). */
    interface MissingCredits {

        /** How many business dates before today are looked at. */
        @WithDefault("7")
        int days();
    }
}
