-- The audit trail without a global lock (issue #18): an audited transaction only inserts its row;
-- a sealer (one at a time across instances, audit/AuditSealer) later gives committed rows a gapless
-- seal number in (txid, id) order, builds a Merkle tree per batch (RFC 6962) and chains the signed
-- epoch heads. See docs/access-and-audit.md.

-- 1. The rows written so far were chained by V3's trigger under a global lock. Check that chain one
--    last time: its rows are sealed into the first epochs as they are, so a row changed before this
--    upgrade must stop it rather than be sealed.
DO $$
DECLARE
    result RECORD;
BEGIN
    SELECT * INTO result FROM audit_verify_chain();
    IF result.first_broken_id IS NOT NULL THEN
        RAISE EXCEPTION 'The audit trail is broken at entry % (%): V16 refuses to seal it. Investigate before upgrading (docs/access-and-audit.md).',
            result.first_broken_id, result.problem;
    END IF;
END $$;

-- 2. Each row records the transaction that wrote it. Rows written before this migration read 0 (a
--    constant default: no table rewrite), so they come first in seal order, in id order.
ALTER TABLE audit_entry ADD COLUMN txid XID8 NOT NULL DEFAULT '0';
ALTER TABLE audit_entry ALTER COLUMN txid DROP DEFAULT;
-- From now on prev_hash is empty: rows no longer link to each other (V3 rows keep their link).
ALTER TABLE audit_entry ALTER COLUMN prev_hash DROP NOT NULL;

DROP TRIGGER audit_entry_chain ON audit_entry;
DROP FUNCTION audit_entry_chain();
DROP FUNCTION audit_verify_chain();

-- The row's own hash and its transaction: no lock, no read of any other row.
-- hash = sha256(audit_entry_content(row)); V3 rows keep sha256(prev_hash || '|' || content).
CREATE FUNCTION audit_entry_hash() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    NEW.txid := pg_current_xact_id();
    NEW.prev_hash := NULL;
    NEW.hash := encode(sha256(convert_to(audit_entry_content(NEW), 'UTF8')), 'hex');
    RETURN NEW;
END $$;
CREATE TRIGGER audit_entry_hash BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_hash();

-- The sealer reads unsealed rows in (txid, id) order, after the last sealed one.
CREATE INDEX audit_entry_seal_order ON audit_entry (txid, id);

-- 3. Epochs: one per sealed batch. head = sha256(prev_head || root || count || first_seq || last_seq),
--    signed (Ed25519) with a key the database does not hold. last_txid/last_entry: where sealing resumes.
CREATE TABLE audit_epoch (
    number      BIGINT      PRIMARY KEY CHECK (number > 0),
    first_seq   BIGINT      NOT NULL UNIQUE,
    last_seq    BIGINT      NOT NULL UNIQUE,
    entry_count INTEGER     NOT NULL CHECK (entry_count = last_seq - first_seq + 1 AND entry_count > 0),
    last_txid   XID8        NOT NULL,
    last_entry  BIGINT      NOT NULL,
    root        CHAR(64)    NOT NULL,
    prev_head   CHAR(64)    NOT NULL UNIQUE,
    head        CHAR(64)    NOT NULL UNIQUE,
    key_id      VARCHAR(32) NOT NULL,
    signature   TEXT        NOT NULL,
    sealed_at   TIMESTAMPTZ NOT NULL
);

-- Each sealed entry's gapless seal number and its epoch. An entry is sealed once (primary key).
CREATE TABLE audit_seal (
    entry_id BIGINT PRIMARY KEY,
    seal_seq BIGINT NOT NULL UNIQUE,
    epoch    BIGINT NOT NULL
);

-- The application seals (inserts) and reads; it never changes or removes a seal or an epoch.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_epoch, audit_seal FROM ${appRole};
