-- settlement_entry takes a row for every payment of a day (a million on a busy one), written by one INSERT in the
-- batch's build. Its per-row costs were a foreign-key check (about 40 % of the insert) and three b-trees whose keys
-- began with the text column kind. Now every row enters one b-tree, keyed on source_id first (an integer compare
-- decides almost every step), and a BRIN index on batch_id finds a batch's rows (they are written together, so
-- batch ids follow the physical order).
-- The batch_id reference is no longer checked per row: entries are written only by the build, in the transaction
-- that inserted their batch, with its id; batches are never deleted (no statement of the engine deletes one).
ALTER TABLE settlement_entry DROP CONSTRAINT settlement_entry_batch_id_fkey;
ALTER TABLE settlement_entry DROP CONSTRAINT settlement_entry_pkey;
DROP INDEX settlement_entry_once;
DROP INDEX settlement_entry_held;
-- a payment or refund is settled once; held, at most once per batch (it can be held by several days' batches)
CREATE UNIQUE INDEX settlement_entry_once ON settlement_entry (source_id, kind) WHERE NOT held;
CREATE UNIQUE INDEX settlement_entry_held ON settlement_entry (source_id, kind, batch_id) WHERE held;
CREATE INDEX settlement_entry_batch ON settlement_entry USING brin (batch_id);
