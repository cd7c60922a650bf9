package io.govclear.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;

/** The one clock of the engine; business dates are in Asia/Shanghai. Tests replace it to move time. */
@ApplicationScoped
public class Clocks {

    public static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system(BUSINESS_ZONE);
    }
}
