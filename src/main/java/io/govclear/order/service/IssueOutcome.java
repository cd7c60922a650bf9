package io.govclear.order.service;

import io.govclear.common.ProblemException;
import io.govclear.order.repository.StoredOrder;

/** What became of one bill of an issue call. */
public sealed interface IssueOutcome {

    String unitOrderNo();

    /** The bill, unless rejected. */
    default StoredOrder order() {
        return null;
    }

    /** A new bill. */
    record Created(StoredOrder order) implements IssueOutcome {
        public String unitOrderNo() {
            return order.unitOrderNo();
        }
    }

    /** The same request was seen before: the bill it created. */
    record Existing(StoredOrder order) implements IssueOutcome {
        public String unitOrderNo() {
            return order.unitOrderNo();
        }
    }

    /** Refused; nothing was written for it. */
    record Rejected(String unitOrderNo, ProblemException problem) implements IssueOutcome {
    }
}
