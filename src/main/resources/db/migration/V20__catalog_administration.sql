-- Catalog administration (catalog/admin): a unit's lifecycle, its credentials with rotation, and the four-eyes queue
-- of proposed changes; every instance hears of an applied change at once (NOTIFY catalog_changed).

-- A unit is ACTIVE, SUSPENDED (cannot issue bills; its open bills stay payable) or CLOSED; version counts its edits
-- so that a proposal approved after someone else's change is refused instead of overwriting it.
ALTER TABLE collecting_unit
    ADD COLUMN status     varchar(10) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED')),
    ADD COLUMN version    integer     NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE collecting_unit SET status = 'SUSPENDED' WHERE NOT active;

-- A unit's secrets, numbered per purpose (API: the unit signs its calls; WEBHOOK: the engine signs its webhooks).
-- The current one has no valid_until; a rotation sets the old one's to the end of the overlap, a revocation to now.
-- Encrypted with the PII key (they must be recoverable to compute HMACs), bound to the unit and purpose.
CREATE TABLE unit_credential (
    unit_id       bigint      NOT NULL REFERENCES collecting_unit (id),
    purpose       varchar(10) NOT NULL CHECK (purpose IN ('API', 'WEBHOOK')),
    key_no        integer     NOT NULL CHECK (key_no > 0),
    secret_enc    bytea       NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    text        NOT NULL,
    valid_until   timestamptz,
    revoked_at    timestamptz,
    revoked_by    text,
    revoke_reason text,
    PRIMARY KEY (unit_id, purpose, key_no),
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE UNIQUE INDEX unit_credential_current ON unit_credential (unit_id, purpose) WHERE valid_until IS NULL;
-- today's secret of each unit becomes its API key 1 (same encryption context: CatalogService.secretContext)
INSERT INTO unit_credential (unit_id, purpose, key_no, secret_enc, created_at, created_by)
SELECT id, 'API', 1, api_secret_enc, created_at, 'V20' FROM collecting_unit;
ALTER TABLE collecting_unit DROP COLUMN active, DROP COLUMN api_secret_enc;

-- which of the unit's API keys signed each call (the nonce row is the call's record)
ALTER TABLE api_nonce ADD COLUMN key_no integer;

-- The four-eyes queue: a CLERK or ADMIN proposes, a SUPERVISOR who is not the proposer approves or rejects; until
-- then the proposal changes nothing. At most one pending proposal per subject, so two cannot race.
CREATE TABLE catalog_proposal (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            varchar(20) NOT NULL
        CHECK (kind IN ('UNIT_CREATE', 'UNIT_UPDATE', 'UNIT_SUSPEND', 'UNIT_REACTIVATE')),
    subject         varchar(80) NOT NULL,
    payload         jsonb       NOT NULL,
    base_version    integer,
    reason          text        NOT NULL,
    status          varchar(10) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    proposed_by     text        NOT NULL,
    proposed_at     timestamptz NOT NULL,
    decided_by      text,
    decided_at      timestamptz,
    decision_reason text,
    CHECK ((status = 'PENDING') = (decided_by IS NULL)),
    CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE UNIQUE INDEX catalog_proposal_one_pending ON catalog_proposal (subject) WHERE status = 'PENDING';
CREATE INDEX catalog_proposal_recent ON catalog_proposal (proposed_at DESC);

-- Every instance reloads its catalog snapshot when the catalog changes (CatalogService listens)
CREATE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
    RETURN NULL;
END $$;
CREATE TRIGGER collecting_unit_changed AFTER INSERT OR UPDATE OR DELETE ON collecting_unit
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER charge_item_changed AFTER INSERT OR UPDATE OR DELETE ON charge_item
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER unit_credential_changed AFTER INSERT OR UPDATE OR DELETE ON unit_credential
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
