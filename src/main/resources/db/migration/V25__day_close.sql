-- Day close (日结, dayclose/) and the revenue reports read from it (report/).

-- The settlement build keeps its parts per channel (the build's settle_parts summed per unit, item and channel), so a
-- closed day can be reported by channel. Batches built before this migration have none: such a day cannot be closed
-- (DayClose says why).
CREATE TABLE settlement_channel_line (
    batch_id      bigint       NOT NULL REFERENCES settlement_batch (id),
    unit_id       bigint       NOT NULL,
    item_id       bigint       NOT NULL,
    channel       varchar(20)  NOT NULL,
    gross_fen     bigint       NOT NULL,
    late_fee_fen  bigint       NOT NULL,
    refund_fen    bigint       NOT NULL,
    fee_fen       bigint       NOT NULL,
    net_fen       bigint       NOT NULL,
    PRIMARY KEY (batch_id, unit_id, item_id, channel),
    FOREIGN KEY (batch_id, unit_id, item_id) REFERENCES settlement_line (batch_id, unit_id, item_id)
);

-- A closed day: its settlement's figures frozen, signed off by a named supervisor with a reason. digest is the SHA-256
-- (hex) of the snapshot's lines and splits in key order, as DayClose writes them: anyone can recompute it.
CREATE TABLE day_close (
    business_date     date         PRIMARY KEY,
    batch_id          bigint       NOT NULL UNIQUE REFERENCES settlement_batch (id),
    closed_by         varchar(64)  NOT NULL,
    reason            varchar(500) NOT NULL,
    closed_at         timestamptz  NOT NULL,
    gross_fen         bigint       NOT NULL,
    late_fee_fen      bigint       NOT NULL,
    refund_fen        bigint       NOT NULL,
    fee_fen           bigint       NOT NULL,
    fee_deducted_fen  bigint       NOT NULL,
    net_fen           bigint       NOT NULL,
    held_fen          bigint       NOT NULL,
    held_refund_fen   bigint       NOT NULL,
    carried_in_fen    bigint       NOT NULL,
    lines             integer      NOT NULL,
    digest            char(64)     NOT NULL
);

-- The day's figures per unit, item, channel and destination, by code (an item's versions of the day in one line; the
-- destination frozen as the catalog said it that day). Reports group by these keys without a join; names are looked up
-- for the rows shown.
CREATE TABLE day_close_line (
    business_date  date         NOT NULL REFERENCES day_close (business_date),
    unit_code      varchar(32)  NOT NULL,
    item_code      varchar(32)  NOT NULL,
    channel        varchar(20)  NOT NULL,
    destination    varchar(30)  NOT NULL,
    gross_fen      bigint       NOT NULL,
    late_fee_fen   bigint       NOT NULL,
    refund_fen     bigint       NOT NULL,
    fee_fen        bigint       NOT NULL,
    net_fen        bigint       NOT NULL,
    PRIMARY KEY (business_date, unit_code, item_code, channel, destination)
);

-- The net of each line split by budget level: per unit and item the splits are the settlement's own (so they sum to
-- its vouchers), apportioned over the channels so that each channel's parts sum to its net.
CREATE TABLE day_close_split (
    business_date  date         NOT NULL,
    unit_code      varchar(32)  NOT NULL,
    item_code      varchar(32)  NOT NULL,
    channel        varchar(20)  NOT NULL,
    destination    varchar(30)  NOT NULL,
    level          varchar(10)  NOT NULL CHECK (level IN ('CENTRAL', 'PROVINCE', 'CITY', 'COUNTY', 'UNIT')),
    amount_fen     bigint       NOT NULL,
    PRIMARY KEY (business_date, unit_code, item_code, channel, destination, level),
    FOREIGN KEY (business_date, unit_code, item_code, channel, destination)
        REFERENCES day_close_line (business_date, unit_code, item_code, channel, destination)
);

-- A month's closed days summed, kept by the close in the same transaction (a month's report reads a month of rows, not
-- thirty days of them). Only ever added to.
CREATE TABLE revenue_month_line (
    month          date         NOT NULL CHECK (extract(day FROM month) = 1),
    unit_code      varchar(32)  NOT NULL,
    item_code      varchar(32)  NOT NULL,
    channel        varchar(20)  NOT NULL,
    destination    varchar(30)  NOT NULL,
    gross_fen      bigint       NOT NULL,
    late_fee_fen   bigint       NOT NULL,
    refund_fen     bigint       NOT NULL,
    fee_fen        bigint       NOT NULL,
    net_fen        bigint       NOT NULL,
    days           integer      NOT NULL,
    PRIMARY KEY (month, unit_code, item_code, channel, destination)
);
CREATE TABLE revenue_month_split (
    month          date         NOT NULL,
    unit_code      varchar(32)  NOT NULL,
    item_code      varchar(32)  NOT NULL,
    channel        varchar(20)  NOT NULL,
    destination    varchar(30)  NOT NULL,
    level          varchar(10)  NOT NULL,
    amount_fen     bigint       NOT NULL,
    PRIMARY KEY (month, unit_code, item_code, channel, destination, level)
);

-- The day's net per channel and per budget level (the reports' charts read a few rows a day, not the lines).
CREATE TABLE day_close_figure (
    business_date  date         NOT NULL REFERENCES day_close (business_date),
    dimension      varchar(10)  NOT NULL CHECK (dimension IN ('CHANNEL', 'LEVEL')),
    key            varchar(20)  NOT NULL,
    net_fen        bigint       NOT NULL,
    PRIMARY KEY (business_date, dimension, key)
);

-- Frozen means frozen: nothing of a closed day changes or goes, whoever asks (the application has no such statement;
-- this is for everyone else). The month sums only grow, by a close.
CREATE FUNCTION day_close_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a closed day is frozen: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER day_close_frozen BEFORE UPDATE OR DELETE OR TRUNCATE ON day_close
    FOR EACH STATEMENT EXECUTE FUNCTION day_close_frozen();
CREATE TRIGGER day_close_line_frozen BEFORE UPDATE OR DELETE OR TRUNCATE ON day_close_line
    FOR EACH STATEMENT EXECUTE FUNCTION day_close_frozen();
CREATE TRIGGER day_close_split_frozen BEFORE UPDATE OR DELETE OR TRUNCATE ON day_close_split
    FOR EACH STATEMENT EXECUTE FUNCTION day_close_frozen();
CREATE TRIGGER day_close_figure_frozen BEFORE UPDATE OR DELETE OR TRUNCATE ON day_close_figure
    FOR EACH STATEMENT EXECUTE FUNCTION day_close_frozen();
CREATE TRIGGER revenue_month_line_kept BEFORE DELETE OR TRUNCATE ON revenue_month_line
    FOR EACH STATEMENT EXECUTE FUNCTION day_close_frozen();
CREATE TRIGGER revenue_month_split_kept BEFORE DELETE OR TRUNCATE ON revenue_month_split
    FOR EACH STATEMENT EXECUTE FUNCTION day_close_frozen();

-- a report by item without its unit finds an item's name by its code alone
CREATE INDEX charge_item_code ON charge_item (code, version_no);

-- Long work shows where it is: the phase of a running reconciliation run (its console page follows it)
ALTER TABLE reconciliation_run ADD COLUMN phase varchar(10) CHECK (phase IN ('FETCH', 'LOAD', 'MATCH', 'RESOLVE'));
