-- The console's bill search: its default order (newest first over every unit) and the payer lookup by phone. Both
-- columns are written once, at issue, so these indexes leave a bill's updates heap-only (HOT) as before.
CREATE INDEX payment_order_created ON payment_order (created_at DESC, id DESC);
CREATE INDEX payment_order_payer_phone_hash ON payment_order (payer_phone_hash) WHERE payer_phone_hash IS NOT NULL;
