package io.govclear.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One balanced journal entry to post. The idempotency key names its cause (e.g. "payment:P123"), so the same cause
 * can never post twice.
 */
public record Posting(String idempotencyKey, String entryType, LocalDate businessDate, String reference,
        String description, List<Leg> legs) {

    /** One side of the entry: exactly one of debit and credit is positive. */
    public record Leg(String account, long debitFen, long creditFen) {
    }

    public Posting {
        legs = List.copyOf(legs);
        if (legs.size() < 2) {
            throw new IllegalArgumentException("an entry has at least two legs");
        }
        long debits = 0;
        long credits = 0;
        for (Leg leg : legs) {
            if (leg.debitFen() < 0 || leg.creditFen() < 0 || (leg.debitFen() > 0) == (leg.creditFen() > 0)) {
                throw new IllegalArgumentException("each leg debits or credits a positive amount: " + leg);
            }
            debits = Math.addExact(debits, leg.debitFen());
            credits = Math.addExact(credits, leg.creditFen());
        }
        if (debits != credits) {
            throw new IllegalArgumentException("entry " + idempotencyKey + " does not balance: debits " + debits
                    + " ≠ credits " + credits);
        }
    }

    public static Builder builder(String idempotencyKey, String entryType, LocalDate businessDate, String reference,
            String description) {
        return new Builder(idempotencyKey, entryType, businessDate, reference, description);
    }

    /** Builds an entry leg by leg. */
    public static final class Builder {
        private final String key;
        private final String type;
        private final LocalDate date;
        private final String reference;
        private final String description;
        private final List<Leg> legs = new ArrayList<>();

        private Builder(String key, String type, LocalDate date, String reference, String description) {
            this.key = key;
            this.type = type;
            this.date = date;
            this.reference = reference;
            this.description = description;
        }

        public Builder debit(String account, long fen) {
            legs.add(new Leg(account, fen, 0));
            return this;
        }

        public Builder credit(String account, long fen) {
            legs.add(new Leg(account, 0, fen));
            return this;
        }

        public Posting build() {
            return new Posting(key, type, date, reference, description, legs);
        }
    }
}
