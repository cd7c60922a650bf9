-- Funds, part two (funds/): what finance decides about money nobody explains, and the treasury's receipts.

-- A credit nobody explains (未明款项) is claimed to the bill it pays or returned to the payer: proposed by one person,
-- applied by a supervisor who is not the proposer (four-eyes: money moves), each step reasoned and audited. At most
-- one live decision per bank entry (bank references are unique per account).
CREATE TABLE funds_decision (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account         varchar(32)  NOT NULL,
    bank_reference  varchar(35)  NOT NULL,
    booking_date    date         NOT NULL,
    amount_fen      bigint       NOT NULL CHECK (amount_fen > 0),
    kind            varchar(10)  NOT NULL CHECK (kind IN ('CLAIM', 'RETURN')),
    -- the bill a claim pays
    order_id        bigint       REFERENCES payment_order (id),
    payment_code    varchar(40),
    status          varchar(10)  NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    proposed_by     varchar(64)  NOT NULL,
    proposed_at     timestamptz  NOT NULL,
    reason          varchar(500) NOT NULL,
    decided_by      varchar(64),
    decided_at      timestamptz,
    decision_reason varchar(500),
    -- the payment a claim booked
    payment_id      varchar(64),
    CHECK ((kind = 'CLAIM') = (order_id IS NOT NULL)),
    CHECK ((status = 'PENDING') = (decided_by IS NULL))
);
CREATE UNIQUE INDEX funds_decision_live ON funds_decision (account, bank_reference) WHERE status <> 'REJECTED';
CREATE INDEX funds_decision_pending ON funds_decision (proposed_at) WHERE status = 'PENDING';

-- A returned credit goes back to the payer: the bank's debit carries RTN- and the credit's bank reference; the budget
-- makes the channels' fees good with a credit FEE-<yyyyMM>.
ALTER TABLE bank_entry DROP CONSTRAINT bank_entry_kind_check;
ALTER TABLE bank_entry ADD CONSTRAINT bank_entry_kind_check CHECK (kind IN ('CHANNEL_SETTLEMENT', 'PAYOUT',
    'PAYOUT_RETURN', 'CREDIT_RETURN', 'FEE_FUNDING', 'UNKNOWN_CREDIT', 'UNKNOWN_DEBIT'));

-- The treasury's receipt (缴库回执) of a payout voucher paid to a treasury, relayed signed by the payout bank.
CREATE TABLE treasury_receipt (
    voucher_no     varchar(20)  PRIMARY KEY,
    business_date  date         NOT NULL,
    receipt_no     varchar(35)  NOT NULL UNIQUE,
    treasury_code  varchar(20)  NOT NULL,
    amount_fen     bigint       NOT NULL CHECK (amount_fen > 0),
    received_on    date         NOT NULL,
    recorded_at    timestamptz  NOT NULL
);
CREATE INDEX treasury_receipt_date ON treasury_receipt (business_date);

-- A bank reference names one entry of a statement (its posting is keyed by it).
CREATE UNIQUE INDEX bank_entry_reference ON bank_entry (statement_id, bank_reference);
