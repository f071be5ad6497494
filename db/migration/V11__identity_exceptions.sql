-- Identity exceptions resolved by an identity steward (issue #12, section 1). A match on name and
-- birth date alone no longer links an agency's record to an existing client: it makes a
-- provisional client and an identity exception. Strong shared identifiers (e.g. a Medicaid member
-- id) may link without a steward. A steward's "same person" decision moves the provisional
-- client's rows to the existing client and records every moved row, so that it can be undone.

-- Strong shared identifiers a partner holds for a person. One value belongs to one client.
CREATE TABLE client_strong_identifier (
    system     VARCHAR(32)  NOT NULL,
    value      VARCHAR(64)  NOT NULL,
    client_id  BIGINT       NOT NULL REFERENCES client (id),
    agency_id  BIGINT       NOT NULL REFERENCES agency (id),
    created_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (system, value)
);
CREATE INDEX client_strong_identifier_client ON client_strong_identifier (client_id);

-- A provisional client that a steward linked to an existing client keeps its row (for the audit
-- trail and for undo) and points at the client it now is.
ALTER TABLE client ADD COLUMN merged_into_client_id BIGINT REFERENCES client (id);

-- How each care relationship arose: through a local or strong identifier, or a steward's decision.
ALTER TABLE care_relationship
    ADD COLUMN linked_by    VARCHAR(24) NOT NULL DEFAULT 'identifier'
        CHECK (linked_by IN ('identifier', 'strong_identifier', 'identity_steward')),
    ADD COLUMN confirmed_by VARCHAR(100),
    ADD COLUMN confirmed_at TIMESTAMPTZ,
    ADD CONSTRAINT care_relationship_confirmation CHECK (
        (linked_by = 'identifier') = (confirmed_at IS NULL)
        AND (linked_by = 'identity_steward') = (confirmed_by IS NOT NULL));
CREATE INDEX care_relationship_identity_links ON care_relationship (confirmed_at) WHERE linked_by <> 'identifier';

-- Probable (one candidate by name and birth date) or ambiguous (several); the current decision.
ALTER TABLE identity_exception
    ADD COLUMN match_kind       VARCHAR(16) NOT NULL DEFAULT 'ambiguous' CHECK (match_kind IN ('probable', 'ambiguous')),
    ADD COLUMN decision         VARCHAR(20) CHECK (decision IN ('same_person', 'different_people')),
    ADD COLUMN linked_client_id BIGINT REFERENCES client (id),
    ADD COLUMN reason           TEXT,
    ADD CONSTRAINT identity_exception_decided CHECK ((status = 'resolved') = (decision IS NOT NULL)),
    ADD CONSTRAINT identity_exception_linked CHECK ((decision IS NOT DISTINCT FROM 'same_person') = (linked_client_id IS NOT NULL));
CREATE UNIQUE INDEX identity_exception_one_per_provisional ON identity_exception (provisional_client_id);
CREATE INDEX identity_exception_queue ON identity_exception (created_at) WHERE status = 'open';

-- Every decision, undo included, with who made it and why.
CREATE TABLE identity_decision (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exception_id     BIGINT       NOT NULL REFERENCES identity_exception (id),
    decision         VARCHAR(20)  NOT NULL CHECK (decision IN ('same_person', 'different_people', 'undo')),
    linked_client_id BIGINT       REFERENCES client (id),
    reason           TEXT         CHECK (length(reason) <= 2000),
    decided_by       VARCHAR(100) NOT NULL,
    decided_at       TIMESTAMPTZ  NOT NULL,
    CHECK ((decision = 'same_person') = (linked_client_id IS NOT NULL)),
    CHECK (decision = 'same_person' OR length(trim(reason)) > 0)
);
CREATE INDEX identity_decision_exception ON identity_decision (exception_id, id DESC);

-- What a "same person" decision moved: per kind of row, the keys moved and, for markers and care
-- relationships, the rows as they were, so that undo puts exactly those back.
CREATE TABLE identity_link_move (
    decision_id BIGINT      NOT NULL REFERENCES identity_decision (id),
    kind        VARCHAR(24) NOT NULL CHECK (kind IN ('shared_event', 'delivery', 'handover', 'consent_record', 'break_glass_grant',
                    'client_identifier', 'client_strong_identifier', 'client_marker', 'care_relationship')),
    rows        JSONB       NOT NULL,
    PRIMARY KEY (decision_id, kind)
);

-- Events are immutable, except that a steward's link (or its undo) moves them to another client:
-- the days they count on are recomputed then, as for a new event.
CREATE TRIGGER report_mark_event_update AFTER UPDATE ON shared_event
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_event();
