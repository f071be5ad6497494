-- The shared event exchange: catalogue, sharing agreements, consent, clients, events, deliveries.

-- ---------------------------------------------------------------- catalogue
-- One row per version of an event type. A change to a type's dataset makes a new version;
-- an event keeps the version it was validated against.
CREATE TABLE event_type (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          VARCHAR(64)  NOT NULL,
    version       INT          NOT NULL,
    current       BOOLEAN      NOT NULL,
    pathway       VARCHAR(32)  NOT NULL,
    title         VARCHAR(200) NOT NULL,
    meaning       TEXT         NOT NULL,
    action        TEXT         NOT NULL,
    urgency       VARCHAR(32)  NOT NULL CHECK (urgency IN ('urgent_review', 'routine_follow_up', 'information_only')),
    window_hours  INT          NOT NULL CHECK (window_hours > 0),
    sensitivity   VARCHAR(32)  NOT NULL CHECK (sensitivity IN ('general', 'health', 'behavioral_health', 'safeguarding')),
    fields        JSONB        NOT NULL,
    sets_markers  TEXT[]       NOT NULL DEFAULT '{}',
    clears_markers TEXT[]      NOT NULL DEFAULT '{}',
    published_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (code, version)
);
CREATE UNIQUE INDEX event_type_one_current ON event_type (code) WHERE current;

-- ---------------------------------------------------------------- clients
CREATE TABLE client (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    given_name   VARCHAR(100) NOT NULL,
    family_name  VARCHAR(100) NOT NULL,
    birth_date   DATE         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX client_identity ON client (lower(family_name), lower(given_name), birth_date);

-- Each agency's local identifier for a client.
CREATE TABLE client_identifier (
    agency_id  BIGINT       NOT NULL REFERENCES agency (id),
    local_id   VARCHAR(64)  NOT NULL,
    client_id  BIGINT       NOT NULL REFERENCES client (id),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, local_id)
);
CREATE INDEX client_identifier_client ON client_identifier (client_id);

-- Several possible matches: a person decides; nothing is merged silently.
CREATE TABLE identity_exception (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id            BIGINT       NOT NULL REFERENCES agency (id),
    local_id             VARCHAR(64)  NOT NULL,
    provisional_client_id BIGINT      NOT NULL REFERENCES client (id),
    candidate_client_ids BIGINT[]     NOT NULL,
    status               VARCHAR(16)  NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    resolved_at          TIMESTAMPTZ,
    resolved_by          VARCHAR(100)
);
CREATE INDEX identity_exception_open ON identity_exception (agency_id) WHERE status = 'open';

-- An agency that registered, sent, received or was granted a client has a care relationship.
CREATE TABLE care_relationship (
    client_id  BIGINT      NOT NULL REFERENCES client (id),
    agency_id  BIGINT      NOT NULL REFERENCES agency (id),
    basis      VARCHAR(16) NOT NULL CHECK (basis IN ('registered', 'sent', 'received', 'granted')),
    since      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, agency_id)
);
CREATE INDEX care_relationship_agency ON care_relationship (agency_id);

-- ---------------------------------------------------------------- agreements and consent
CREATE TABLE sharing_agreement (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                VARCHAR(64)  NOT NULL UNIQUE,
    title               VARCHAR(200) NOT NULL,
    source_agency_id    BIGINT       NOT NULL REFERENCES agency (id),
    recipient_agency_id BIGINT       NOT NULL REFERENCES agency (id),
    legal_basis         VARCHAR(32)  NOT NULL CHECK (legal_basis IN ('treatment', 'care_coordination', 'consent',
                            'safeguarding_duty', 'legal_obligation', 'vital_interests')),
    purpose             TEXT         NOT NULL,
    review_date         DATE         NOT NULL,
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('active', 'suspended')),
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (source_agency_id <> recipient_agency_id)
);
CREATE INDEX sharing_agreement_route ON sharing_agreement (source_agency_id, status);

-- The event types an agreement covers, and which of their fields the recipient may see
-- (NULL: every field of the type).
CREATE TABLE sharing_agreement_event_type (
    agreement_id    BIGINT      NOT NULL REFERENCES sharing_agreement (id) ON DELETE CASCADE,
    event_type_code VARCHAR(64) NOT NULL,
    allowed_fields  TEXT[],
    PRIMARY KEY (agreement_id, event_type_code)
);

-- A client's consent for a recipient agency (or every agency: NULL) and a sensitivity category.
-- The latest record for (client, recipient, category) is in force.
CREATE TABLE consent_record (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id           BIGINT       NOT NULL REFERENCES client (id),
    recipient_agency_id BIGINT       REFERENCES agency (id),
    category            VARCHAR(32)  NOT NULL CHECK (category IN ('health', 'behavioral_health', 'safeguarding')),
    status              VARCHAR(16)  NOT NULL CHECK (status IN ('given', 'refused', 'withdrawn')),
    recorded_by         VARCHAR(100) NOT NULL,
    recorded_by_agency_id BIGINT     NOT NULL REFERENCES agency (id),
    recorded_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX consent_record_client ON consent_record (client_id, category, recorded_at DESC);

-- ---------------------------------------------------------------- events and deliveries
CREATE TABLE shared_event (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_type_id     BIGINT       NOT NULL REFERENCES event_type (id),
    type_code         VARCHAR(64)  NOT NULL,
    source_agency_id  BIGINT       NOT NULL REFERENCES agency (id),
    client_id         BIGINT       NOT NULL REFERENCES client (id),
    occurred_at       TIMESTAMPTZ  NOT NULL,
    received_at       TIMESTAMPTZ  NOT NULL,
    urgency           VARCHAR(32)  NOT NULL CHECK (urgency IN ('urgent_review', 'routine_follow_up', 'information_only')),
    data              JSONB        NOT NULL,
    submitted_by      VARCHAR(100) NOT NULL,
    corrects_event_id BIGINT       REFERENCES shared_event (id)
);
CREATE INDEX shared_event_client ON shared_event (client_id, occurred_at DESC);
CREATE INDEX shared_event_source ON shared_event (source_agency_id, received_at DESC);

CREATE TABLE delivery (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id            BIGINT       NOT NULL REFERENCES shared_event (id),
    recipient_agency_id BIGINT       NOT NULL REFERENCES agency (id),
    agreement_id        BIGINT       NOT NULL REFERENCES sharing_agreement (id),
    client_id           BIGINT       NOT NULL REFERENCES client (id),
    shared_fields       TEXT[]       NOT NULL,
    minimum_notice      BOOLEAN      NOT NULL,
    urgency             VARCHAR(32)  NOT NULL,
    owner_username      VARCHAR(100),
    state               VARCHAR(16)  NOT NULL CHECK (state IN ('new', 'acknowledged', 'in_progress', 'completed')),
    outcome             VARCHAR(32)  CHECK (outcome IN ('actioned', 'no_action_needed', 'declined', 'transferred')),
    outcome_reason      TEXT,
    created_at          TIMESTAMPTZ  NOT NULL,
    due_at              TIMESTAMPTZ  NOT NULL,
    acknowledged_at     TIMESTAMPTZ,
    started_at          TIMESTAMPTZ,
    completed_at        TIMESTAMPTZ,
    escalated_at        TIMESTAMPTZ,
    version             INT          NOT NULL DEFAULT 0,
    -- the creating transaction, so the feed never skips a delivery committed out of order
    created_txid        XID8         NOT NULL DEFAULT pg_current_xact_id(),
    CHECK ((state = 'completed') = (outcome IS NOT NULL))
);
CREATE INDEX delivery_feed ON delivery (recipient_agency_id, created_txid, id);
CREATE INDEX delivery_event ON delivery (event_id);
CREATE INDEX delivery_open_by_due ON delivery (recipient_agency_id, due_at) WHERE state <> 'completed';
CREATE INDEX delivery_client ON delivery (client_id);

-- Every transition, with its actor: the closed loop, visible to the source.
CREATE TABLE delivery_transition (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  BIGINT       NOT NULL REFERENCES delivery (id),
    from_state   VARCHAR(16),
    to_state     VARCHAR(16)  NOT NULL,
    action       VARCHAR(32)  NOT NULL,
    actor        VARCHAR(100) NOT NULL,
    actor_agency_id BIGINT    NOT NULL REFERENCES agency (id),
    at           TIMESTAMPTZ  NOT NULL,
    outcome      VARCHAR(32),
    reason       TEXT
);
CREATE INDEX delivery_transition_delivery ON delivery_transition (delivery_id, at);

-- Shared flags on a client, set and cleared by events; visible to every agency with a relationship.
CREATE TABLE client_marker (
    client_id       BIGINT      NOT NULL REFERENCES client (id),
    marker          VARCHAR(48) NOT NULL,
    set_by_event_id BIGINT      NOT NULL REFERENCES shared_event (id),
    set_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, marker)
);

-- A partner's Idempotency-Key and the response it got, so that a replay gets the same answer.
CREATE TABLE idempotency_record (
    agency_id      BIGINT       NOT NULL REFERENCES agency (id),
    idempotency_key VARCHAR(200) NOT NULL,
    operation      VARCHAR(64)  NOT NULL,
    request_hash   VARCHAR(64)  NOT NULL,
    response_status INT,
    response_body  TEXT,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, idempotency_key)
);
