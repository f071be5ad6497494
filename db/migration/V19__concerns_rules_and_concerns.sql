-- Multi-agency concerns (issue 16): concern rules as versioned, governed data; the signals each rule
-- recorded for a client; the concerns raised (one open per rule version and client); and the
-- "expected event did not happen by its due time" expectations the scheduler watches.

-- One version of a concern rule. Never changed in place: a change is a new version. At most one
-- current live and one current shadow version per code (a shadow version runs beside the live one).
CREATE TABLE concern_rule (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          VARCHAR(64)  NOT NULL,
    version       INT          NOT NULL,
    current       BOOLEAN      NOT NULL,
    status        VARCHAR(16)  NOT NULL CHECK (status IN ('live', 'shadow')),
    title         VARCHAR(200) NOT NULL,
    definition    JSONB        NOT NULL,
    published_at  TIMESTAMPTZ  NOT NULL,
    published_by  VARCHAR(100) NOT NULL,
    UNIQUE (code, version)
);
CREATE UNIQUE INDEX concern_rule_one_current ON concern_rule (code, status) WHERE current;

-- A concern: the rule version matched for one client. Live concerns are shared as a
-- MULTI_AGENCY_CONCERN event (event_id); shadow concerns are only counted.
CREATE TABLE concern (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id          BIGINT       NOT NULL REFERENCES concern_rule (id),
    client_id        BIGINT       NOT NULL REFERENCES client (id),
    shadow           BOOLEAN      NOT NULL,
    event_id         BIGINT       REFERENCES shared_event (id),
    raised_at        TIMESTAMPTZ  NOT NULL,
    status           VARCHAR(16)  NOT NULL CHECK (status IN ('open', 'resolved', 'false_positive')),
    closed_at        TIMESTAMPTZ,
    closed_by        VARCHAR(100),
    closed_by_agency_id BIGINT    REFERENCES agency (id),
    close_reason     TEXT,
    CHECK ((status = 'open') = (closed_at IS NULL)),
    CHECK (status = 'open' OR length(btrim(close_reason)) > 0)
);
-- at most one open concern per rule version and client; the pair check reads it
CREATE UNIQUE INDEX concern_one_open ON concern (rule_id, client_id) WHERE status = 'open';
CREATE INDEX concern_event ON concern (event_id) WHERE event_id IS NOT NULL;
-- the commissioner report: concerns raised in a period
CREATE INDEX concern_raised ON concern (raised_at, rule_id);

-- A signal a rule recorded: one event (or one expectation that fell due) matching one of the
-- rule's signals, for one client. concern_id is set once the signal is part of a concern.
CREATE TABLE concern_signal (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id     BIGINT       NOT NULL REFERENCES concern_rule (id),
    client_id   BIGINT       NOT NULL REFERENCES client (id),
    signal_key  VARCHAR(64)  NOT NULL,
    overdue     BOOLEAN      NOT NULL,
    event_id    BIGINT       NOT NULL REFERENCES shared_event (id),
    agency_id   BIGINT       NOT NULL REFERENCES agency (id),
    at          TIMESTAMPTZ  NOT NULL,
    concern_id  BIGINT       REFERENCES concern (id),
    UNIQUE (rule_id, event_id, signal_key)
);
-- the pair check: one rule version's signals for one client within the window
CREATE INDEX concern_signal_pair ON concern_signal (rule_id, client_id, at);
CREATE INDEX concern_signal_concern ON concern_signal (concern_id) WHERE concern_id IS NOT NULL;
CREATE INDEX concern_signal_client ON concern_signal (client_id);

-- An expected event: e.g. FOLLOW_UP_SCHEDULED waits for FOLLOW_UP_COMPLETED by scheduledFor. The
-- scheduler turns a waiting expectation past its due time into an overdue signal.
CREATE TABLE concern_expectation (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id       BIGINT       NOT NULL REFERENCES concern_rule (id),
    signal_key    VARCHAR(64)  NOT NULL,
    client_id     BIGINT       NOT NULL REFERENCES client (id),
    event_id      BIGINT       NOT NULL REFERENCES shared_event (id),
    expected_type VARCHAR(64)  NOT NULL,
    due_at        TIMESTAMPTZ  NOT NULL,
    state         VARCHAR(16)  NOT NULL CHECK (state IN ('waiting', 'met', 'overdue')),
    UNIQUE (rule_id, event_id, signal_key)
);
-- the scheduler's search, and the settling of a client's expectations when the expected event arrives
CREATE INDEX concern_expectation_due ON concern_expectation (due_at) WHERE state = 'waiting';
CREATE INDEX concern_expectation_client ON concern_expectation (client_id, expected_type) WHERE state = 'waiting';
