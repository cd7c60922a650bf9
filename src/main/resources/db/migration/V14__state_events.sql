-- Every status change records the event of its edge in the machine's table (io.govclear.common.StateMachine), e.g.
-- UNPAID → PAID "paid". Rows written before this column existed have none.
ALTER TABLE order_status_change ADD COLUMN event varchar(40);
ALTER TABLE attempt_status_change ADD COLUMN event varchar(40);
ALTER TABLE refund_status_change ADD COLUMN event varchar(40);
ALTER TABLE settlement_status_change ADD COLUMN event varchar(40);
