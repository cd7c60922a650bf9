package io.govclear.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of POST /sim/{channel}/orders/{paymentId}/pay: how the payer's payment ends, and what happens to the
 * channel's notify. Both optional: SUCCESS and NORMAL.
 */
public record PayRequest(Outcome outcome, @JsonProperty("notify") NotifyFault notifyFault) {

    /** The payer's payment succeeds or fails at the channel. */
    public enum Outcome {
        SUCCESS, FAIL
    }

    /**
     * NORMAL: notify at once, retried on the channel's schedule until acknowledged. DROP: never notify (the engine must
     * query). DUPLICATE: the same notify ten times at once. DELAY: the first notify comes late (one retry interval).
     * TAMPER: the amount is changed after signing, so the signature fails.
     */
    public enum NotifyFault {
        NORMAL, DROP, DUPLICATE, DELAY, TAMPER
    }

    public Outcome outcomeOrDefault() {
        return outcome == null ? Outcome.SUCCESS : outcome;
    }

    public NotifyFault notifyOrDefault() {
        return notifyFault == null ? NotifyFault.NORMAL : notifyFault;
    }
}
