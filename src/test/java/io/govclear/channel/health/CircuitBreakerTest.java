package io.govclear.channel.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.govclear.channel.health.CircuitBreaker.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private final CircuitBreaker breaker = new CircuitBreaker(Duration.ofSeconds(10), 4, 50, Duration.ofSeconds(30),
            T0.minusSeconds(60));

    @Test
    void opensOnlyWithEnoughCallsAndEnoughOfThemUnanswered() {
        breaker.record(false, T0);
        breaker.record(false, T0);
        breaker.record(false, T0);
        assertThat(breaker.state(T0)).as("3 calls are fewer than the minimum").isEqualTo(State.CLOSED);
        breaker.record(true, T0);
        breaker.record(true, T0);
        breaker.record(true, T0);
        breaker.record(false, T0);
        assertThat(breaker.state(T0)).as("4 of 7 unanswered, 57 %").isEqualTo(State.OPEN);
        assertThat(breaker.retryAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void answeredCallsKeepItClosed() {
        for (int i = 0; i < 10; i++) {
            breaker.record(true, T0);
        }
        for (int i = 0; i < 9; i++) {
            breaker.record(false, T0);
        }
        assertThat(breaker.state(T0)).as("9 of 19 unanswered, 47 %").isEqualTo(State.CLOSED);
    }

    @Test
    void oldFailuresLeaveTheWindow() {
        for (int i = 0; i < 3; i++) {
            breaker.record(false, T0);
        }
        breaker.record(false, T0.plusSeconds(11));
        assertThat(breaker.state(T0.plusSeconds(11))).as("the first three fell out of the 10 s window")
                .isEqualTo(State.CLOSED);
    }

    @Test
    void halfOpenAfterThePauseThenTheNextAnswerDecides() {
        assertThat(breaker.since(T0)).as("closed since it was made").isEqualTo(T0.minusSeconds(60));
        open();
        assertThat(breaker.since(T0.plusSeconds(29))).isEqualTo(T0);
        assertThat(breaker.state(T0.plusSeconds(29))).isEqualTo(State.OPEN);
        breaker.record(true, T0.plusSeconds(29));
        assertThat(breaker.state(T0.plusSeconds(29))).as("answers while open do not count").isEqualTo(State.OPEN);

        assertThat(breaker.state(T0.plusSeconds(30))).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.since(T0.plusSeconds(30))).as("half-open once the pause ended")
                .isEqualTo(T0.plusSeconds(30));
        breaker.record(false, T0.plusSeconds(31));
        assertThat(breaker.state(T0.plusSeconds(31))).as("a failed trial opens it again").isEqualTo(State.OPEN);
        assertThat(breaker.retryAt()).isEqualTo(T0.plusSeconds(61));

        breaker.record(true, T0.plusSeconds(61));
        assertThat(breaker.state(T0.plusSeconds(61))).as("an answered trial closes it").isEqualTo(State.CLOSED);
        assertThat(breaker.since(T0.plusSeconds(70))).isEqualTo(T0.plusSeconds(61));
        breaker.record(false, T0.plusSeconds(62));
        assertThat(breaker.state(T0.plusSeconds(62))).as("closing forgets the old window").isEqualTo(State.CLOSED);
    }

    @Test
    void aClockMovedBackOnlyEmptiesTheWindow() {
        for (int i = 0; i < 3; i++) {
            breaker.record(false, T0);
        }
        breaker.record(false, T0.minusSeconds(3600));
        assertThat(breaker.state(T0.minusSeconds(3600))).isEqualTo(State.CLOSED);
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            breaker.record(false, T0);
        }
        assertThat(breaker.state(T0)).isEqualTo(State.OPEN);
    }
}
