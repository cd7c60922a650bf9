package io.govclear.refund;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The refund state machine as data: only the documented paths, and no way back from an outcome. */
class RefundStatusTest {

    @Test
    void refundsMoveOnlyForward() {
        assertThat(RefundStatus.REQUESTED.canBecome(RefundStatus.APPROVED)).isTrue();
        assertThat(RefundStatus.REQUESTED.canBecome(RefundStatus.SUBMITTED)).isTrue();
        assertThat(RefundStatus.REQUESTED.canBecome(RefundStatus.REJECTED)).isTrue();
        assertThat(RefundStatus.APPROVED.canBecome(RefundStatus.SUBMITTED)).isTrue();
        assertThat(RefundStatus.SUBMITTED.canBecome(RefundStatus.SUCCEEDED)).isTrue();
        assertThat(RefundStatus.SUBMITTED.canBecome(RefundStatus.FAILED)).isTrue();

        assertThat(RefundStatus.REQUESTED.canBecome(RefundStatus.SUCCEEDED)).isFalse();
        assertThat(RefundStatus.APPROVED.canBecome(RefundStatus.REJECTED)).isFalse();
        assertThat(RefundStatus.SUBMITTED.canBecome(RefundStatus.REJECTED)).isFalse();
        for (RefundStatus end : new RefundStatus[] { RefundStatus.SUCCEEDED, RefundStatus.FAILED,
                RefundStatus.REJECTED }) {
            for (RefundStatus next : RefundStatus.values()) {
                assertThat(end.canBecome(next)).as(end + " → " + next).isFalse();
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
