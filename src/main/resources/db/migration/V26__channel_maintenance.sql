-- The console's channels page: maintenance windows kept here rather than in configuration, so that every instance
-- routes by the same ones, and each instance's circuit breakers as it last saw them.

-- A channel's maintenance window (payment/routing/MaintenanceSchedule), announced by an ADMIN with a reason; while it
-- lasts the channel is neither offered nor accepted, and the cashier page shows it a day ahead. A cancelled window
-- stays, with who cancelled it and why; nothing is deleted.
CREATE TABLE channel_maintenance (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel        varchar(20)  NOT NULL,
    starts_at      timestamptz  NOT NULL,
    ends_at        timestamptz  NOT NULL,
    -- what the payers are told beside the window (optional)
    note           varchar(100),
    created_by     varchar(64)  NOT NULL,
    reason         varchar(200) NOT NULL,
    created_at     timestamptz  NOT NULL,
    cancelled_by   varchar(64),
    cancelled_at   timestamptz,
    cancel_reason  varchar(200),
    CHECK (ends_at > starts_at),
    CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL) AND (cancelled_at IS NULL) = (cancel_reason IS NULL))
);
-- the same window announced twice (a second click) is one
CREATE UNIQUE INDEX channel_maintenance_once ON channel_maintenance (channel, starts_at, ends_at)
    WHERE cancelled_at IS NULL;
CREATE INDEX channel_maintenance_ends ON channel_maintenance (ends_at);

-- Each instance's circuit breakers (channel/health/BreakerBoard), upserted by the instance every few seconds: a row
-- that stopped being updated is an instance that is gone or stuck; an hour later it is deleted.
CREATE TABLE channel_breaker (
    instance_id  varchar(100) NOT NULL,
    channel      varchar(20)  NOT NULL,
    state        varchar(10)  NOT NULL CHECK (state IN ('CLOSED', 'OPEN', 'HALF_OPEN')),
    since        timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    PRIMARY KEY (instance_id, channel)
);

-- The channels page's last hour of checkouts and channel calls: these rows arrive in time order, so a BRIN index
-- (a few pages, next to nothing per insert) finds the hour without a scan of the history.
CREATE INDEX payment_attempt_created ON payment_attempt USING brin (created_at);
CREATE INDEX channel_call_called ON channel_call USING brin (called_at);
