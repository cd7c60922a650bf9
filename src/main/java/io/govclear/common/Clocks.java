package io.govclear.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** The one clock of the engine; business dates are in Asia/Shanghai. Tests replace it to move time. */
@ApplicationScoped
public class Clocks {

    /** The business zone's id, for annotations and SQL ({@code AT TIME ZONE}), which need it as a string. */
    public static final String BUSINESS_ZONE_ID = "Asia/Shanghai";

    /** The zone of business dates and of every timestamp the engine writes or shows. */
    public static final ZoneId BUSINESS_ZONE = ZoneId.of(BUSINESS_ZONE_ID);

    private static final Pattern UNIX_SECONDS = Pattern.compile("[1-9][0-9]{0,11}");

    /**
     * A signed timestamp header as Unix seconds, or -1 unless it is written as plain decimal digits without a sign or
     * leading zeros: Long.parseLong would take "+1764556530" or "01764556530" for the same second.
     */
    public static long unixSeconds(String text) {
        return text != null && UNIX_SECONDS.matcher(text).matches() ? Long.parseLong(text) : -1;
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system(BUSINESS_ZONE);
    }
}
