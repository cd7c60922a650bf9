-- The console's webhooks and alerts (交易监控): every send of a webhook keeps what the receiver answered, and the
-- engine raises alerts on abnormal transactions, each acknowledged by a named person.

-- The start of the receiver's answer (its body as text, control characters made spaces), beside the status code,
-- error and duration each send already had.
ALTER TABLE webhook_delivery ADD COLUMN answer_excerpt varchar(500);

-- Finance staff list the events of every unit by day, newest first.
CREATE INDEX webhook_event_occurred ON webhook_event (occurred_at);
