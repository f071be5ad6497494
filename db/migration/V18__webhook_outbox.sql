-- Push to partner systems (issue #15): webhook endpoints an agency registers, and the durable outbox of the
-- messages to send them. A message is written in the same transaction as the change it announces, so nothing
-- is sent for a change that rolled back and nothing is lost when an instance dies mid-send (push/Outbox).
-- Grants: the default privileges of V1 (SELECT, INSERT, UPDATE, DELETE for the application role).

CREATE TABLE webhook_endpoint (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id           BIGINT       NOT NULL REFERENCES agency (id),
    url                 TEXT         NOT NULL CHECK (length(url) <= 2000),
    kinds               TEXT[]       NOT NULL CHECK (cardinality(kinds) > 0),
    description         TEXT         NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    status              VARCHAR(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled', 'failing')),
    status_reason       TEXT,
    -- The signing secret, AES-GCM encrypted under CARERELAY_WEBHOOK_KEY (12-byte nonce || ciphertext+tag);
    -- during a rotation the previous secret still signs until previous_secret_expires_at.
    secret              BYTEA        NOT NULL,
    previous_secret     BYTEA,
    previous_secret_expires_at TIMESTAMPTZ,
    -- The last per-endpoint sequence number given to a message (gapless: taken under the row lock of the change's transaction).
    last_sequence       BIGINT       NOT NULL DEFAULT 0,
    created_by          TEXT         NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    last_success_at     TIMESTAMPTZ,
    last_failure_at     TIMESTAMPTZ,
    last_error          TEXT,
    CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX webhook_endpoint_agency ON webhook_endpoint (agency_id);

CREATE TABLE webhook_message (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     BIGINT       NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    -- The Standard Webhooks message id (header webhook-id): stable across retries and resends.
    webhook_id      TEXT         NOT NULL UNIQUE,
    kind            VARCHAR(40)  NOT NULL,
    sequence        BIGINT       NOT NULL,
    -- The delivery the message is about (ordering: a delivery's next message waits for its previous one).
    delivery_id     BIGINT,
    data            JSONB        NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    state           VARCHAR(16)  NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'delivered', 'dead')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    -- While sending: until when the claim holds (database time, not the portal's movable clock); a claim past it
    -- belongs to an instance that died mid-send, and the message is claimed again.
    lease_until     TIMESTAMPTZ,
    claimed_by      TEXT,
    last_attempt_at TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    dead_at         TIMESTAMPTZ,
    UNIQUE (endpoint_id, sequence)
);
-- The claim: due messages per endpoint, and messages whose claim lapsed.
CREATE INDEX webhook_message_due ON webhook_message (endpoint_id, next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX webhook_message_sending ON webhook_message (endpoint_id, lease_until) WHERE state = 'sending';
-- Ordering per delivery, and the admin page's dead letters and resend-since.
CREATE INDEX webhook_message_delivery ON webhook_message (endpoint_id, delivery_id, id) WHERE state IN ('pending', 'sending');
CREATE INDEX webhook_message_dead ON webhook_message (endpoint_id, dead_at) WHERE state = 'dead';
CREATE INDEX webhook_message_created ON webhook_message (endpoint_id, created_at);
