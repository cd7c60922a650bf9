-- Routing records why a channel was chosen (offered channels, fees, channels out for maintenance or failing).
ALTER TABLE payment_attempt ALTER COLUMN routing_reason TYPE varchar(500);
