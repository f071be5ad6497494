-- Urgent items outside the portal (issue 16): each agency's on-call and team lead contact addresses, its rules (how long
-- an item may wait unacknowledged before each stage notifies), and every notice sent (the durable outbox the mail
-- sender claims from). A notice holds no client data: the delivery, the address, the stage and how the send went.
-- Grants: the default privileges of V1 (SELECT, INSERT, UPDATE, DELETE for the application role).

CREATE TABLE urgent_contact (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id   BIGINT       NOT NULL REFERENCES agency (id),
    -- 1: the on-call contacts (first stage); 2: the team lead contacts (second stage)
    stage       SMALLINT     NOT NULL CHECK (stage IN (1, 2)),
    address     VARCHAR(254) NOT NULL CHECK (address = lower(address) AND position('@' IN address) > 1),
    added_by    TEXT         NOT NULL,
    added_at    TIMESTAMPTZ  NOT NULL,
    UNIQUE (agency_id, stage, address)
);

-- An agency's rule for one urgency; without a row the defaults apply (urgent review: 30 and 60 minutes; others: none).
CREATE TABLE urgent_rule (
    agency_id         BIGINT      NOT NULL REFERENCES agency (id),
    urgency           VARCHAR(32) NOT NULL CHECK (urgency IN ('urgent_review', 'routine_follow_up')),
    -- minutes after arrival; NULL: this stage never notifies for this urgency
    on_call_minutes   INTEGER     CHECK (on_call_minutes BETWEEN 5 AND 10080),
    lead_minutes      INTEGER     CHECK (lead_minutes BETWEEN 5 AND 10080),
    updated_by        TEXT        NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, urgency),
    CHECK (on_call_minutes IS NULL OR lead_minutes IS NULL OR lead_minutes > on_call_minutes)
);

CREATE TABLE urgent_notice (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      BIGINT       NOT NULL REFERENCES delivery (id),
    agency_id        BIGINT       NOT NULL REFERENCES agency (id),
    stage            SMALLINT     NOT NULL CHECK (stage IN (1, 2)),
    address          VARCHAR(254) NOT NULL,
    state            VARCHAR(16)  NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    created_at       TIMESTAMPTZ  NOT NULL,
    attempts         INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL,
    -- While sending: until when the claim holds (database time); a lapsed claim is taken again.
    lease_until      TIMESTAMPTZ,
    last_attempt_at  TIMESTAMPTZ,
    last_error       TEXT,
    sent_at          TIMESTAMPTZ,
    -- The one-time link of the message: only its SHA-256 is stored; a new link per attempt.
    token_hash       BYTEA        UNIQUE,
    token_expires_at TIMESTAMPTZ,
    token_used_at    TIMESTAMPTZ,
    token_used_by    TEXT,
    -- One message per stage, delivery and address, whichever instance finds it first.
    UNIQUE (delivery_id, stage, address)
);
-- The sender's claim, lapsed claims, the admin page's newest notices, and the accounting of disclosures (by delivery).
CREATE INDEX urgent_notice_due ON urgent_notice (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX urgent_notice_sending ON urgent_notice (lease_until) WHERE state = 'sending';
CREATE INDEX urgent_notice_agency ON urgent_notice (agency_id, created_at DESC, id DESC);

-- The stage search: unacknowledged deliveries that can notify, by arrival.
CREATE INDEX delivery_unacknowledged ON delivery (created_at) WHERE state = 'new' AND urgency <> 'information_only';
