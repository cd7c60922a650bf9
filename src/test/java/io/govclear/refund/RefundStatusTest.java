package io.govclear.refund;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The refund state machine as data: only the documented paths, and no way back from an outcome. */
class RefundStatusTest {

    @Test
    void refundsMoveOnlyForward() {
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.REQUESTED, RefundStatus.APPROVED)).isTrue();
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.REQUESTED, RefundStatus.SUBMITTED)).isTrue();
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.REQUESTED, RefundStatus.REJECTED)).isTrue();
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.APPROVED, RefundStatus.SUBMITTED)).isTrue();
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.SUBMITTED, RefundStatus.SUCCEEDED)).isTrue();
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.SUBMITTED, RefundStatus.FAILED)).isTrue();

        assertThat(RefundStatus.MACHINE.allows(RefundStatus.REQUESTED, RefundStatus.SUCCEEDED)).isFalse();
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.APPROVED, RefundStatus.REJECTED)).isFalse();
        assertThat(RefundStatus.MACHINE.allows(RefundStatus.SUBMITTED, RefundStatus.REJECTED)).isFalse();
        for (RefundStatus end : new RefundStatus[] { RefundStatus.SUCCEEDED, RefundStatus.FAILED,
                RefundStatus.REJECTED }) {
            for (RefundStatus next : RefundStatus.values()) {
                assertThat(RefundStatus.MACHINE.allows(end, next)).as(end + " → " + next).isFalse();
            }
        }
    }

    @Test
    void failedAndRejectedRefundsReleaseTheirAmount() {
        assertThat(RefundStatus.FAILED.holdsAmount()).isFalse();
        assertThat(RefundStatus.REJECTED.holdsAmount()).isFalse();
        assertThat(RefundStatus.REQUESTED.holdsAmount()).isTrue();
        assertThat(RefundStatus.SUBMITTED.holdsAmount()).isTrue();
        assertThat(RefundStatus.SUCCEEDED.holdsAmount()).isTrue();
    }
}
