package io.govclear.common;

import io.micrometer.core.instrument.Metrics;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One machine's allowed moves as a table: each edge from one status to another names the past-tense event it
 * records (as GOV.UK Pay's {@code PaymentGatewayStateTransitions} does), e.g. {@code UNPAID → PAID: "paid"}. Every
 * compare-and-set in a repository asks {@link #event} first; a move the table does not have is logged, counted
 * ({@code govclear.state.refused}, tagged machine, from, to) and refused with {@link Refused}, before any SQL runs.
 * The statement itself still compares the stored status, so a move raced by another instance changes nothing.
 *
 * @param <S> the machine's status enum
 */
public final class StateMachine<S extends Enum<S>> {

    private static final Logger LOG = Logger.getLogger(StateMachine.class);

    private final String name;
    private final Class<S> type;
    private final Set<S> initial;
    private final Map<S, Map<S, String>> edges;

    private StateMachine(String name, Class<S> type, Set<S> initial, Map<S, Map<S, String>> edges) {
        this.name = name;
        this.type = type;
        this.initial = initial;
        this.edges = edges;
    }

    public static <S extends Enum<S>> Builder<S> of(String name, Class<S> type) {
        return new Builder<>(name, type);
    }

    public String name() {
        return name;
    }

    public Class<S> type() {
        return type;
    }

    /** Whether a row may be created in {@code status} (the enum's first constant unless the machine names others). */
    public boolean isInitial(S status) {
        return initial.contains(status);
    }

    public boolean allows(S from, S to) {
        return edges.get(from).containsKey(to);
    }

    /** The statuses {@code from} may move to. */
    public Set<S> next(S from) {
        return Collections.unmodifiableSet(edges.get(from).keySet());
    }

    /** Whether nothing follows {@code status}. */
    public boolean isFinal(S status) {
        return edges.get(status).isEmpty();
    }

    /** The event {@code from → to} records; a move the table does not have is logged, counted and refused. */
    public String event(S from, S to) {
        String event = edges.get(from).get(to);
        if (event == null) {
            LOG.errorf("%s: impossible transition %s → %s refused", name, from, to);
            Metrics.counter("govclear.state.refused", "machine", name, "from", from.name(), "to", to.name())
                    .increment();
            throw new Refused(name, from, to);
        }
        return event;
    }

    /** A move the machine's table does not have: a programming error, never a caller's. */
    public static final class Refused extends IllegalStateException {
        Refused(String machine, Enum<?> from, Enum<?> to) {
            super(machine + " transition " + from + " → " + to + " is not allowed");
        }
    }

    /** Collects the edges; every status gets an entry, final ones an empty one. */
    public static final class Builder<S extends Enum<S>> {
        private final String name;
        private final Class<S> type;
        private final Map<S, Map<S, String>> edges;
        private final Set<S> initial;

        private Builder(String name, Class<S> type) {
            this.name = name;
            this.type = type;
            this.edges = new EnumMap<>(type);
            this.initial = EnumSet.of(type.getEnumConstants()[0]);
            for (S status : type.getEnumConstants()) {
                edges.put(status, new EnumMap<>(type));
            }
        }

        /** The statuses a row may be created in, when more than the enum's first constant. */
        @SafeVarargs
        public final Builder<S> initial(S first, S... others) {
            initial.clear();
            initial.add(first);
            initial.addAll(Arrays.asList(others));
            return this;
        }

        /** {@code from → to}, recording {@code event} (past tense, lower case with underscores). */
        public Builder<S> edge(S from, S to, String event) {
            if (edges.get(from).put(to, event) != null) {
                throw new IllegalArgumentException(name + ": " + from + " → " + to + " given twice");
            }
            return this;
        }

        public StateMachine<S> build() {
            Map<S, Map<S, String>> frozen = new EnumMap<>(type);
            edges.forEach((from, to) -> frozen.put(from, Collections.unmodifiableMap(new EnumMap<>(to))));
            return new StateMachine<>(name, type, Collections.unmodifiableSet(EnumSet.copyOf(initial)),
                    Collections.unmodifiableMap(frozen));
        }
    }
}
