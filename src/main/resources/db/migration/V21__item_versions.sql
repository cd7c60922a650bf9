-- Charge items versioned by effective date (执收标准): each version is its own charge_item row, in force from
-- effective_from until the next version's date. A bill's lines name the row they were issued under (order_line.item_id),
-- so a bill, its settlement, receipt and reports keep the standard of its day; no edit rewrites history.
ALTER TABLE charge_item
    ADD COLUMN version_no     integer NOT NULL DEFAULT 1 CHECK (version_no > 0),
    ADD COLUMN effective_from date    NOT NULL DEFAULT DATE '2000-01-01',
    ADD COLUMN created_at     timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN created_by     text    NOT NULL DEFAULT 'V21';
ALTER TABLE charge_item DROP CONSTRAINT charge_item_unit_id_code_key;
ALTER TABLE charge_item ADD CONSTRAINT charge_item_version UNIQUE (unit_id, code, version_no),
    ADD CONSTRAINT charge_item_effective UNIQUE (unit_id, code, effective_from);

ALTER TABLE catalog_proposal DROP CONSTRAINT catalog_proposal_kind_check;
ALTER TABLE catalog_proposal ADD CONSTRAINT catalog_proposal_kind_check
    CHECK (kind IN ('UNIT_CREATE', 'UNIT_UPDATE', 'UNIT_SUSPEND', 'UNIT_REACTIVATE', 'UNIT_CLOSE', 'ITEM_VERSION'));
