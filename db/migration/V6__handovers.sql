-- Hospital discharge handovers: the structured dataset, its action items with their own windows,
-- queries from recipients, corrections as new versions.

CREATE TABLE handover (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_agency_id BIGINT       NOT NULL REFERENCES agency (id),
    status           VARCHAR(16)  NOT NULL CHECK (status IN ('draft', 'submitted', 'superseded')),
    version          INT          NOT NULL DEFAULT 1,
    previous_id      BIGINT       REFERENCES handover (id),
    client_id        BIGINT       REFERENCES client (id),
    event_id         BIGINT       REFERENCES shared_event (id),
    document         JSONB        NOT NULL,
    incomplete       BOOLEAN      NOT NULL DEFAULT false,
    missing          TEXT[]       NOT NULL DEFAULT '{}',
    created_by       VARCHAR(100) NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    submitted_at     TIMESTAMPTZ,
    CHECK (status = 'draft' OR (client_id IS NOT NULL AND event_id IS NOT NULL))
);
CREATE INDEX handover_source ON handover (source_agency_id, updated_at DESC);
CREATE INDEX handover_client ON handover (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX handover_event ON handover (event_id) WHERE event_id IS NOT NULL;
CREATE UNIQUE INDEX handover_one_successor ON handover (previous_id) WHERE previous_id IS NOT NULL;

CREATE TABLE handover_action_item (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handover_id           BIGINT       NOT NULL REFERENCES handover (id),
    position              INT          NOT NULL,
    description           TEXT         NOT NULL,
    window_hours          INT          NOT NULL CHECK (window_hours BETWEEN 1 AND 2160),
    due_at                TIMESTAMPTZ  NOT NULL,
    responsible_agency_id BIGINT       NOT NULL REFERENCES agency (id),
    state                 VARCHAR(16)  NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed')),
    outcome               VARCHAR(32)  CHECK (outcome IN ('done', 'not_needed', 'could_not_complete')),
    note                  TEXT,
    completed_by          VARCHAR(100),
    completed_at          TIMESTAMPTZ,
    escalated_at          TIMESTAMPTZ,
    UNIQUE (handover_id, position)
);
CREATE INDEX handover_action_item_open ON handover_action_item (due_at) WHERE state = 'open' AND escalated_at IS NULL;
CREATE INDEX handover_action_item_agency ON handover_action_item (responsible_agency_id, state, due_at);

CREATE TABLE handover_query (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handover_id            BIGINT       NOT NULL REFERENCES handover (id),
    field                  VARCHAR(64),
    kind                   VARCHAR(16)  NOT NULL CHECK (kind IN ('missing', 'wrong')),
    text                   TEXT         NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    raised_by              VARCHAR(100) NOT NULL,
    raised_by_agency_id    BIGINT       NOT NULL REFERENCES agency (id),
    raised_at              TIMESTAMPTZ  NOT NULL,
    automatic              BOOLEAN      NOT NULL DEFAULT false,
    status                 VARCHAR(16)  NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'corrected')),
    answer                 TEXT,
    answered_by            VARCHAR(100),
    answered_at            TIMESTAMPTZ,
    correction_handover_id BIGINT       REFERENCES handover (id)
);
CREATE INDEX handover_query_handover ON handover_query (handover_id, raised_at);
CREATE INDEX handover_query_open ON handover_query (status) WHERE status = 'open';

CREATE TABLE handover_first_contact (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handover_id  BIGINT       NOT NULL REFERENCES handover (id),
    agency_id    BIGINT       NOT NULL REFERENCES agency (id),
    contacted_at TIMESTAMPTZ  NOT NULL,
    recorded_by  VARCHAR(100) NOT NULL,
    method       VARCHAR(16)  NOT NULL CHECK (method IN ('phone', 'home_visit', 'video', 'clinic')),
    note         TEXT
);
CREATE INDEX handover_first_contact_handover ON handover_first_contact (handover_id);
