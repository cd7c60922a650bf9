-- The dashboard's notify delay per channel: from when the channel says the payer paid (paid_at) to when the engine
-- booked the payment (the success's own update), whether a notify or a query brought the news. Summed per
-- daily_figure row; the dashboard shows the average.
ALTER TABLE daily_figure
    ADD COLUMN delay_ms_sum bigint NOT NULL DEFAULT 0,
    ADD COLUMN delay_count  bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION attempt_daily_figure() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_unit bigint;
    v_delay bigint;
BEGIN
    SELECT unit_id INTO v_unit FROM payment_order WHERE id = NEW.order_id;
    IF TG_OP = 'INSERT' THEN
        PERFORM add_daily_figure((NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date, v_unit, NEW.channel,
                                 bill_category(NEW.order_id), (NEW.id % 8)::int, 1, 0, 0, 0, 0);
    END IF;
    IF NOT NEW.duplicate AND NEW.status = 'SUCCEEDED' AND (TG_OP = 'INSERT' OR OLD.status <> 'SUCCEEDED') THEN
        PERFORM add_daily_figure((coalesce(NEW.paid_at, NEW.updated_at) AT TIME ZONE 'Asia/Shanghai')::date, v_unit,
                                 NEW.channel, bill_category(NEW.order_id), (NEW.id % 8)::int, 0, 1, NEW.amount_fen, 0, 0);
        IF NEW.paid_at IS NOT NULL THEN
            v_delay := greatest(0, (extract(epoch FROM NEW.updated_at - NEW.paid_at) * 1000)::bigint);
            UPDATE daily_figure SET delay_ms_sum = delay_ms_sum + v_delay, delay_count = delay_count + 1
            WHERE business_date = (NEW.paid_at AT TIME ZONE 'Asia/Shanghai')::date AND unit_id = v_unit
              AND channel = NEW.channel AND category = coalesce(bill_category(NEW.order_id), '-')
              AND slot = (NEW.id % 8)::int;
        END IF;
    ELSIF TG_OP = 'UPDATE' AND NOT OLD.duplicate AND OLD.status = 'SUCCEEDED' AND NEW.status <> 'SUCCEEDED' THEN
        PERFORM add_daily_figure((coalesce(OLD.paid_at, OLD.updated_at) AT TIME ZONE 'Asia/Shanghai')::date, v_unit,
                                 OLD.channel, bill_category(OLD.order_id), (OLD.id % 8)::int, 0, -1, -OLD.amount_fen,
                                 0, 0);
    END IF;
    RETURN NULL;
END $$;
