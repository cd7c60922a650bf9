-- Funds reconciliation (资金对账, funds/): the agent bank's statements of the platform's collection account, one per
-- account and booking date, each entry classified and booked in the ledger in the transaction that loads it.

CREATE TABLE bank_statement (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account       varchar(32) NOT NULL,
    booking_date  date        NOT NULL,
    format        varchar(10) NOT NULL CHECK (format IN ('CAMT053', 'CSV')),
    -- bumped by each supervisor's reload (with a reason); the entries are those of the last load
    generation    integer     NOT NULL DEFAULT 1,
    opening_fen   bigint      NOT NULL,
    closing_fen   bigint      NOT NULL,
    entry_count   integer     NOT NULL,
    credit_fen    bigint      NOT NULL,
    debit_fen     bigint      NOT NULL,
    sha256        bytea       NOT NULL,
    loaded_by     text        NOT NULL,
    loaded_at     timestamptz NOT NULL,
    reload_reason text,
    UNIQUE (account, booking_date),
    CHECK (opening_fen + credit_fen - debit_fen = closing_fen)
);

-- One booked entry of a statement. kind says what the money is (from its reference): a channel's settlement of a
-- business date (channel, settled_date), a payout voucher's debit or its return (voucher_no), or money nobody
-- explains (UNKNOWN_CREDIT, UNKNOWN_DEBIT: to suspense until a person decides). The counterparty's account is
-- personal-grade data: encrypted, shown masked.
CREATE TABLE bank_entry (
    statement_id         bigint      NOT NULL REFERENCES bank_statement (id),
    position             integer     NOT NULL,
    direction            varchar(6)  NOT NULL CHECK (direction IN ('CREDIT', 'DEBIT')),
    amount_fen           bigint      NOT NULL CHECK (amount_fen > 0),
    value_date           date        NOT NULL,
    reference            varchar(35),
    bank_reference       varchar(35) NOT NULL,
    counterparty_name    varchar(140),
    counterparty_masked  varchar(40),
    counterparty_enc     bytea,
    remittance           varchar(140),
    return_reason        varchar(4),
    kind                 varchar(20) NOT NULL CHECK (kind IN ('CHANNEL_SETTLEMENT', 'PAYOUT', 'PAYOUT_RETURN',
                                                              'UNKNOWN_CREDIT', 'UNKNOWN_DEBIT')),
    channel              varchar(20),
    settled_date         date,
    voucher_no           varchar(20),
    PRIMARY KEY (statement_id, position),
    CHECK ((kind = 'CHANNEL_SETTLEMENT') = (channel IS NOT NULL AND settled_date IS NOT NULL)),
    CHECK ((kind IN ('PAYOUT', 'PAYOUT_RETURN')) = (voucher_no IS NOT NULL))
);
CREATE INDEX bank_entry_settlement ON bank_entry (channel, settled_date) WHERE kind = 'CHANNEL_SETTLEMENT';
CREATE INDEX bank_entry_voucher ON bank_entry (voucher_no) WHERE voucher_no IS NOT NULL;
