-- The console's webhooks and alerts (交易监控): every send of a webhook keeps what the receiver answered, and the
-- engine raises alerts on abnormal transactions, each acknowledged by a named person.

-- The start of the receiver's answer (its body as text, control characters made spaces), beside the status code,
-- error and duration each send already had.
ALTER TABLE webhook_delivery ADD COLUMN answer_excerpt varchar(500);

-- Finance staff list the events of every unit by day, newest first.
CREATE INDEX webhook_event_occurred ON webhook_event (occurred_at);

-- What the alert conditions read, each by the time it happened (io.govclear.alert.AlertEvaluator): duplicate
-- payments; the channels' answers through V26's channel_call_called, the bookings (the notify delay) through
-- payment_attempt_paid, failed sign-ins through audit_event_occurred.
CREATE INDEX duplicate_payment_created ON duplicate_payment (created_at);

-- One row per condition found abnormal, from when it is found until it clears (resolved_at). While it is unresolved
-- its fingerprint (kind, subject and the way it is off) is unique, so however many evaluations or instances find it,
-- it is one alert. Each alert is acknowledged once by a named person with a note, whether or not it has cleared.
CREATE TABLE alert (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              varchar(30)  NOT NULL CHECK (kind IN ('CHANNEL_FAILURE_RATE', 'NOTIFY_DELAY',
                                                   'DUPLICATE_PAYMENTS', 'UNIT_VOLUME', 'SIGN_IN_FAILURES',
                                                   'MISSING_CREDIT')),
    -- what is abnormal: a channel, a unit, a username, ALL, or a channel and a business date
    subject           varchar(100) NOT NULL,
    fingerprint       varchar(200) NOT NULL,
    raised_at         timestamptz  NOT NULL,
    -- what was measured against which threshold when it was raised
    details           jsonb        NOT NULL,
    -- the latest evaluation that still found it
    last_seen_at      timestamptz  NOT NULL,
    resolved_at       timestamptz,
    acknowledged_by   varchar(32)  REFERENCES staff_user (username),
    acknowledged_at   timestamptz,
    acknowledge_note  varchar(500),
    CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL)
           AND (acknowledged_at IS NULL) = (acknowledge_note IS NULL))
);
CREATE UNIQUE INDEX alert_unresolved ON alert (fingerprint) WHERE resolved_at IS NULL;
CREATE INDEX alert_unacknowledged ON alert (id) WHERE acknowledged_at IS NULL;

-- One row per evaluation slot (the start of each govclear.alerts.interval): the instance that inserts it evaluates
-- that slot, the others skip it. When done it holds what every instance exports as gauges until the next one.
CREATE TABLE alert_evaluation (
    slot          timestamptz  PRIMARY KEY,
    claimed_at    timestamptz  NOT NULL,
    finished_at   timestamptz,
    gauges        jsonb
);
