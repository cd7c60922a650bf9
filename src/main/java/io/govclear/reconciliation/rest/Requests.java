package io.govclear.reconciliation.rest;

/** Request bodies of the reconciliation API. */
public final class Requests {

    private Requests() {
    }

    /** POST /api/v1/reconciliations. */
    public record OpenRun(String channel, String businessDate) {
    }

    /** POST …/rerun. */
    public record Rerun(String reason) {
    }

    /** POST …/discrepancies/{id}/resolve. */
    public record Resolve(String action, String reason) {
    }
}
