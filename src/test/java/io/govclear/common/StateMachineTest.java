package io.govclear.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govclear.order.OrderStatus;
import io.govclear.payment.AttemptStatus;
import io.govclear.payment.DuplicatePaymentStatus;
import io.govclear.reconciliation.DiscrepancyStatus;
import io.govclear.reconciliation.RunStatus;
import io.govclear.refund.RefundStatus;
import io.govclear.reminder.MessageStatus;
import io.govclear.settlement.BatchStatus;
import io.govclear.webhook.WebhookEventStatus;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one state-machine abstraction: edges with their events, and impossible moves refused, logged and counted. */
class StateMachineTest {

    private static final List<StateMachine<?>> MACHINES = List.of(OrderStatus.MACHINE, AttemptStatus.MACHINE,
            RefundStatus.MACHINE, DuplicatePaymentStatus.MACHINE, BatchStatus.MACHINE, RunStatus.MACHINE,
            DiscrepancyStatus.MACHINE, WebhookEventStatus.MACHINE, MessageStatus.MACHINE);

    @Test
    void anEdgeNamesItsEvent() {
        assertThat(OrderStatus.MACHINE.event(OrderStatus.UNPAID, OrderStatus.PAID)).isEqualTo("paid");
        assertThat(AttemptStatus.MACHINE.event(AttemptStatus.CLOSED, AttemptStatus.SUCCEEDED))
                .isEqualTo("succeeded_after_close");
        assertThat(BatchStatus.MACHINE.event(BatchStatus.FAILED, BatchStatus.CONFIRMED)).isEqualTo("reissued");
        assertThat(OrderStatus.MACHINE.next(OrderStatus.UNPAID))
                .containsExactlyInAnyOrder(OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.EXPIRED);
        assertThat(OrderStatus.MACHINE.isFinal(OrderStatus.REFUNDED)).isTrue();
    }

    @Test
    void anImpossibleMoveIsRefusedAndCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            assertThatThrownBy(() -> OrderStatus.MACHINE.event(OrderStatus.CANCELLED, OrderStatus.PAID))
                    .isInstanceOf(StateMachine.Refused.class)
                    .hasMessage("order transition CANCELLED → PAID is not allowed");
            assertThat(registry.get("govclear.state.refused").tags("machine", "order", "from", "CANCELLED",
                    "to", "PAID").counter().count()).isEqualTo(1.0);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void everyEventIsInThePastTenseAndEveryStatusCanBeReached() {
        for (StateMachine<?> machine : MACHINES) {
            check(machine);
        }
    }

    private static <S extends Enum<S>> void check(StateMachine<S> machine) {
        Class<S> type = machine.type();
        for (S from : type.getEnumConstants()) {
            for (S to : machine.next(from)) {
                assertThat(machine.event(from, to)).as(machine.name() + " " + from + " → " + to)
                        .matches("[a-z]+(_[a-z]+)*").matches("(.*_)?([a-z]+ed|paid|found|taken|sent)(_.*)?");
            }
            boolean reached = machine.isInitial(from);
            for (S other : type.getEnumConstants()) {
                reached |= machine.allows(other, from);
            }
            assertThat(reached).as(machine.name() + ": " + from + " is initial or the end of an edge")
                    .isTrue();
        }
    }

    @Test
    void anEdgeIsGivenOnce() {
        assertThatThrownBy(() -> StateMachine.of("x", BatchStatus.class)
                .edge(BatchStatus.DRAFT, BatchStatus.CONFIRMED, "confirmed")
                .edge(BatchStatus.DRAFT, BatchStatus.CONFIRMED, "confirmed_again"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
