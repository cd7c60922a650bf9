package io.govclear.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;

/** The one clock of the engine; business dates are in Asia/Shanghai. Tests replace it to move time. */
@ApplicationScoped
public class Clocks {

    /** The business zone's id, for annotations and SQL ({@code AT TIME ZONE}), which need it as a string. */
    public static final String BUSINESS_ZONE_ID = "Asia/Shanghai";

    /** The zone of business dates and of every timestamp the engine writes or shows. */
    public static final ZoneId BUSINESS_ZONE = ZoneId.of(BUSINESS_ZONE_ID);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system(BUSINESS_ZONE);
    }
}
