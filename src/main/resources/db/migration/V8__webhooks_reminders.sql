-- Signed webhooks to units (an outbox written with each bill status change), reminders and overdue notices (a
-- message outbox), and the index the reminder and expiry jobs read unpaid bills through.

-- One row per event a unit must hear of: queued by OrderRepository.transition in the transaction of the status
-- change (only for units with a webhook URL), delivered by WebhookDelivery (claimed with FOR UPDATE SKIP LOCKED).
CREATE TABLE webhook_event (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         uuid         NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    unit_id          bigint       NOT NULL REFERENCES collecting_unit (id),
    order_id         bigint       NOT NULL REFERENCES payment_order (id),
    type             varchar(40)  NOT NULL,
    -- the bill's status the event announces; the event is stale once the bill has another status
    order_status     varchar(20)  NOT NULL,
    occurred_at      timestamptz  NOT NULL,
    url              varchar(500) NOT NULL,
    -- rendered at the first delivery and sent unchanged by every retry and re-send
    body             text,
    status           varchar(10)  NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'STALE')),
    -- sends so far (numbers the delivery rows) and failures since it was last queued (the backoff step)
    attempts         integer      NOT NULL DEFAULT 0,
    failures         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL,
    -- the instance that holds the event while it sends; its result is recorded only with this token
    claim_token      uuid,
    delivered_at     timestamptz,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL
);
CREATE INDEX webhook_event_due ON webhook_event (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_event_unit ON webhook_event (unit_id, id DESC);
CREATE INDEX webhook_event_order ON webhook_event (order_id, id);

-- Every send of an event: what the unit's endpoint answered, and how long it took.
CREATE TABLE webhook_delivery (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     bigint       NOT NULL REFERENCES webhook_event (id),
    attempt_no   integer      NOT NULL,
    attempted_at timestamptz  NOT NULL,
    status_code  integer,
    error        varchar(500),
    duration_ms  integer      NOT NULL,
    UNIQUE (event_id, attempt_no)
);

-- Reminders (DUE_SOON) and overdue notices (OVERDUE): exactly what would be sent, at most one of each kind per bill.
-- The recipient is stored masked only; the sender decrypts the phone from the bill at send time. A message whose
-- bill is no longer unpaid when its turn comes is DROPPED, not sent.
CREATE TABLE message_outbox (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id          bigint       NOT NULL REFERENCES payment_order (id),
    kind              varchar(10)  NOT NULL CHECK (kind IN ('DUE_SOON', 'OVERDUE')),
    channel           varchar(10)  NOT NULL CHECK (channel IN ('SMS')),
    recipient_masked  varchar(11)  NOT NULL,
    text              varchar(500) NOT NULL,
    as_of             date         NOT NULL,
    late_fee_fen      bigint       NOT NULL CHECK (late_fee_fen >= 0),
    total_due_fen     bigint       NOT NULL CHECK (total_due_fen > 0),
    status            varchar(10)  NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'DROPPED')),
    queued_at         timestamptz  NOT NULL,
    sent_at           timestamptz,
    UNIQUE (order_id, kind)
);
CREATE INDEX message_outbox_queued ON message_outbox (id) WHERE status = 'QUEUED';

-- Unpaid bills by due date: reminders (due within N days or past) and expiry (payable_until >= due_date, so a bill
-- past payable_until is also past its due date). Partial: paid and closed bills leave it.
CREATE INDEX payment_order_unpaid_due ON payment_order (due_date) WHERE status = 'UNPAID';
