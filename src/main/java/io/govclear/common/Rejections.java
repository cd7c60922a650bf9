package io.govclear.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The govclear_rejections_total metric: refused requests (and refused bills of a batch), by problem code. */
@Singleton
public class Rejections {

    @Inject MeterRegistry registry;
    private final Map<ProblemCode, Counter> counters = new ConcurrentHashMap<>();

    public void count(ProblemCode code) {
        counters.computeIfAbsent(code, c -> Counter.builder("govclear.rejections")
                        .description("Requests rejected, by problem code").tag("code", c.name()).register(registry))
                .increment();
    }
}
