-- The audit trail: one row per record view, export, write, denial and break-glass.
-- Append-only for the application role; each row's hash chains to the previous row's.

CREATE TABLE audit_entry (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             TIMESTAMPTZ  NOT NULL,
    request_id     VARCHAR(64)  NOT NULL,
    user_id        VARCHAR(100),
    username       VARCHAR(100) NOT NULL,
    agency_id      BIGINT,
    roles          TEXT[]       NOT NULL,
    action         VARCHAR(32)  NOT NULL CHECK (action IN ('view', 'list', 'export', 'write', 'break_glass', 'review')),
    resource_type  VARCHAR(48)  NOT NULL,
    resource_id    VARCHAR(64),
    client_id      BIGINT,
    sensitivity    TEXT[]       NOT NULL DEFAULT '{}',
    fields_shown   TEXT[]       NOT NULL DEFAULT '{}',
    purpose        VARCHAR(48)  NOT NULL,
    outcome        VARCHAR(8)   NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    reason         TEXT,
    client_address VARCHAR(64),
    user_agent     VARCHAR(300),
    prev_hash      CHAR(64)     NOT NULL,
    hash           CHAR(64)     NOT NULL
);
CREATE INDEX audit_entry_agency_at ON audit_entry (agency_id, at DESC);
CREATE INDEX audit_entry_client_at ON audit_entry (client_id, at DESC) WHERE client_id IS NOT NULL;
CREATE INDEX audit_entry_user_at ON audit_entry (username, at DESC);
CREATE INDEX audit_entry_at_brin ON audit_entry USING brin (at);

-- The canonical text of a row that its hash covers (timezone-independent).
CREATE FUNCTION audit_entry_content(e audit_entry) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws('|',
        (extract(epoch FROM e.at) * 1000000)::BIGINT::TEXT, quote_nullable(e.request_id), quote_nullable(e.user_id),
        quote_nullable(e.username), quote_nullable(e.agency_id), quote_nullable(array_to_string(e.roles, ',')),
        quote_nullable(e.action), quote_nullable(e.resource_type), quote_nullable(e.resource_id), quote_nullable(e.client_id),
        quote_nullable(array_to_string(e.sensitivity, ',')), quote_nullable(array_to_string(e.fields_shown, ',')),
        quote_nullable(e.purpose), quote_nullable(e.outcome), quote_nullable(e.reason), quote_nullable(e.client_address),
        quote_nullable(e.user_agent))
$$;

-- Chains every new row to the one before it. The advisory lock serialises writers until commit,
-- so concurrent transactions can never fork the chain; ids are assigned inside the lock, so the
-- chain order is the id order.
CREATE FUNCTION audit_entry_chain() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    previous CHAR(64);
BEGIN
    PERFORM pg_advisory_xact_lock(7423011);
    NEW.id := nextval(pg_get_serial_sequence('audit_entry', 'id'));
    SELECT hash INTO previous FROM audit_entry ORDER BY id DESC LIMIT 1;
    NEW.prev_hash := coalesce(previous, repeat('0', 64));
    NEW.hash := encode(sha256(convert_to(NEW.prev_hash || '|' || audit_entry_content(NEW), 'UTF8')), 'hex');
    RETURN NEW;
END $$;
CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();

-- Walks the chain in order and names the first row whose hash does not match (NULL: intact).
CREATE FUNCTION audit_verify_chain(OUT rows_checked BIGINT, OUT first_broken_id BIGINT, OUT problem TEXT)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    e audit_entry;
    expected_prev CHAR(64) := repeat('0', 64);
BEGIN
    rows_checked := 0;
    FOR e IN SELECT * FROM audit_entry ORDER BY id LOOP
        rows_checked := rows_checked + 1;
        IF e.prev_hash <> expected_prev THEN
            first_broken_id := e.id;
            problem := 'does not link to the row before it (a row was removed or reordered)';
            RETURN;
        END IF;
        IF e.hash <> encode(sha256(convert_to(e.prev_hash || '|' || audit_entry_content(e), 'UTF8')), 'hex') THEN
            first_broken_id := e.id;
            problem := 'its content does not match its hash (the row was changed)';
            RETURN;
        END IF;
        expected_prev := e.hash;
    END LOOP;
END $$;

-- The application may add and read audit rows, never change or remove them.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM ${appRole};
GRANT EXECUTE ON FUNCTION audit_verify_chain() TO ${appRole};

-- Emergency access without a care relationship: time-limited, reviewed by privacy officers.
CREATE TABLE break_glass_grant (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id       BIGINT       NOT NULL REFERENCES client (id),
    username        VARCHAR(100) NOT NULL,
    agency_id       BIGINT       NOT NULL REFERENCES agency (id),
    reason_category VARCHAR(48)  NOT NULL CHECK (reason_category IN ('imminent_risk_to_life', 'safeguarding_emergency',
                        'urgent_clinical_need', 'unreachable_care_team')),
    justification   TEXT         NOT NULL CHECK (length(justification) >= 30),
    granted_at      TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    review_outcome  VARCHAR(16)  CHECK (review_outcome IN ('appropriate', 'not_appropriate')),
    review_note     TEXT,
    reviewed_by     VARCHAR(100),
    reviewed_at     TIMESTAMPTZ
);
CREATE INDEX break_glass_active ON break_glass_grant (client_id, username, expires_at DESC);
CREATE INDEX break_glass_unreviewed ON break_glass_grant (granted_at DESC) WHERE review_outcome IS NULL;
