-- Worklists: urgency as a sortable rank, the index every worklist page uses, notes, and the staff
-- directory that team leads assign from.

ALTER TABLE delivery ADD COLUMN urgency_rank SMALLINT GENERATED ALWAYS AS (
    CASE urgency WHEN 'urgent_review' THEN 0 WHEN 'routine_follow_up' THEN 1 ELSE 2 END) STORED;

-- Open work of an agency in worklist order (urgency, due time); keyset paging walks this index.
CREATE INDEX delivery_worklist ON delivery (recipient_agency_id, urgency_rank, due_at, id) WHERE state <> 'completed';
-- Completed work, newest first.
CREATE INDEX delivery_completed ON delivery (recipient_agency_id, completed_at DESC, id DESC) WHERE state = 'completed';
-- "Mine" filters.
CREATE INDEX delivery_owner ON delivery (recipient_agency_id, owner_username) WHERE state <> 'completed';
-- What an agency sent, newest first.
DROP INDEX shared_event_source;
CREATE INDEX shared_event_source ON shared_event (source_agency_id, received_at DESC, id DESC);

CREATE TABLE delivery_note (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id BIGINT       NOT NULL REFERENCES delivery (id),
    author      VARCHAR(100) NOT NULL,
    agency_id   BIGINT       NOT NULL REFERENCES agency (id),
    at          TIMESTAMPTZ  NOT NULL,
    text        TEXT         NOT NULL CHECK (length(text) BETWEEN 1 AND 2000)
);
CREATE INDEX delivery_note_delivery ON delivery_note (delivery_id, at);

-- The people of each agency as Keycloak last described them (recorded when they use the portal,
-- and by the demo loader), so team leads can assign work to a colleague by name.
CREATE TABLE staff_member (
    username     VARCHAR(100) PRIMARY KEY,
    display_name VARCHAR(200) NOT NULL,
    agency_id    BIGINT       NOT NULL REFERENCES agency (id),
    roles        TEXT[]       NOT NULL,
    last_seen_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX staff_member_agency ON staff_member (agency_id);
