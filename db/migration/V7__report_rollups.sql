-- Commissioner reports read day-level rollups, never raw rows per request (docs/reports.md).
--
-- Statement triggers on the source tables append the local days they touched to report_dirty_day
-- (append-only, so writers never wait on one another); report_refresh() takes the rows it can see
-- in one DELETE ... RETURNING, recomputes those days and records when it ran. The portal runs it
-- every few seconds on one instance at a time (advisory lock); readers keep seeing the previous
-- figures until the recompute commits.

CREATE TABLE report_setting (
    only_row     BOOLEAN     PRIMARY KEY DEFAULT true CHECK (only_row),
    time_zone    TEXT        NOT NULL,
    refreshed_at TIMESTAMPTZ
);
INSERT INTO report_setting (time_zone) VALUES ('America/New_York');

-- kind: 'x' exchange (deliveries, events, handovers by the day they were sent),
--       'c' contacts (by the day the contact happened), 'a' access (audit and break-glass).
CREATE TABLE report_dirty_day (
    day  DATE    NOT NULL,
    kind CHAR(1) NOT NULL CHECK (kind IN ('x', 'c', 'a'))
);

CREATE FUNCTION report_day(ts TIMESTAMPTZ) RETURNS DATE LANGUAGE sql STABLE AS $$
    SELECT (ts AT TIME ZONE (SELECT time_zone FROM report_setting))::DATE
$$;

-- Upper bounds (minutes) of the duration histogram behind every median and 90th percentile; the
-- last bucket is "more than 30 days". Kept in step with reporting/DurationHistogram.java.
CREATE FUNCTION report_bucket(minutes NUMERIC) RETURNS INT LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT coalesce((SELECT min(i)::INT FROM unnest(ARRAY[5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720,
        960, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 30240, 43200]) WITH ORDINALITY e(bound, i)
        WHERE minutes <= bound), 27)
$$;

CREATE FUNCTION report_hist_add(h INT[], bucket INT) RETURNS INT[] LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    h[bucket] := h[bucket] + 1;
    RETURN h;
END $$;
CREATE AGGREGATE report_hist(INT) (SFUNC = report_hist_add, STYPE = INT[],
    INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}');

-- Deliveries by the day they were sent, recipient, event type and sharing agreement.
CREATE TABLE report_delivery_day (
    day                 DATE        NOT NULL,
    recipient_agency_id BIGINT      NOT NULL,
    source_agency_id    BIGINT      NOT NULL,
    type_code           VARCHAR(64) NOT NULL,
    pathway             VARCHAR(32) NOT NULL,
    agreement_id        BIGINT      NOT NULL,
    delivered           INT NOT NULL,
    acknowledged        INT NOT NULL,
    completed           INT NOT NULL,
    completed_in_window INT NOT NULL,
    actioned            INT NOT NULL,
    actioned_in_window  INT NOT NULL,
    no_action_needed    INT NOT NULL,
    declined            INT NOT NULL,
    transferred         INT NOT NULL,
    overdue_open        INT NOT NULL,
    completed_late      INT NOT NULL,
    escalated           INT NOT NULL,
    ack_hist            INT[] NOT NULL,
    complete_hist       INT[] NOT NULL,
    PRIMARY KEY (day, recipient_agency_id, source_agency_id, type_code, agreement_id)
);

-- For each field shared with a completed delivery: was it shown to the recipient before completion?
CREATE TABLE report_field_day (
    day                 DATE        NOT NULL,
    recipient_agency_id BIGINT      NOT NULL,
    type_code           VARCHAR(64) NOT NULL,
    pathway             VARCHAR(32) NOT NULL,
    field               VARCHAR(64) NOT NULL,
    shared              INT NOT NULL,
    opened              INT NOT NULL,
    PRIMARY KEY (day, recipient_agency_id, type_code, field)
);

-- Events by the day they were received, source and type; discharges, handovers and their queries.
CREATE TABLE report_event_day (
    day                    DATE        NOT NULL,
    source_agency_id       BIGINT      NOT NULL,
    type_code              VARCHAR(64) NOT NULL,
    pathway                VARCHAR(32) NOT NULL,
    events                 INT NOT NULL,
    discharges             INT NOT NULL,
    discharges_followed_up INT NOT NULL,
    handovers              INT NOT NULL,
    incomplete_handovers   INT NOT NULL,
    missing_info_queries   INT NOT NULL,
    PRIMARY KEY (day, source_agency_id, type_code)
);

-- Contacts with a client by the day they happened, and those within 7 days of another agency's.
CREATE TABLE report_contact_day (
    day                DATE        NOT NULL,
    agency_id          BIGINT      NOT NULL,
    type_code          VARCHAR(64) NOT NULL,
    pathway            VARCHAR(32) NOT NULL,
    contacts           INT NOT NULL,
    duplicate_contacts INT NOT NULL,
    PRIMARY KEY (day, agency_id, type_code)
);

-- Audit entries by day, agency, main role, action and outcome.
CREATE TABLE report_access_day (
    day       DATE        NOT NULL,
    agency_id BIGINT      NOT NULL,
    role      VARCHAR(32) NOT NULL,
    action    VARCHAR(32) NOT NULL,
    outcome   VARCHAR(8)  NOT NULL,
    entries   INT NOT NULL,
    PRIMARY KEY (day, agency_id, role, action, outcome)
);

-- Unusual access and break-glass by day and agency.
CREATE TABLE report_unusual_day (
    day                   DATE   NOT NULL,
    agency_id             BIGINT NOT NULL,
    record_views          INT NOT NULL,
    night_views           INT NOT NULL,
    night_users           INT NOT NULL,
    unrelated_views       INT NOT NULL,
    users_many_unrelated  INT NOT NULL,
    break_glass_uses      INT NOT NULL,
    break_glass_reviewed  INT NOT NULL,
    PRIMARY KEY (day, agency_id)
);

CREATE INDEX delivery_created_at ON delivery (created_at);
CREATE INDEX delivery_completed_at ON delivery (completed_at) WHERE outcome = 'actioned';
CREATE INDEX shared_event_received_at ON shared_event (received_at);
CREATE INDEX handover_submitted_at ON handover (submitted_at) WHERE submitted_at IS NOT NULL;
CREATE INDEX handover_query_raised_at ON handover_query (raised_at);
CREATE INDEX handover_first_contact_at ON handover_first_contact (contacted_at);
CREATE INDEX break_glass_granted_at ON break_glass_grant (granted_at);

-- ---------------------------------------------------------------------------------------------
-- Dirty-day triggers (statement level, so a COPY of a million rows adds one row per day).

CREATE FUNCTION report_mark_delivery() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind)
    SELECT DISTINCT report_day(created_at), 'x' FROM new_rows
    UNION SELECT DISTINCT report_day(completed_at), 'c' FROM new_rows WHERE outcome = 'actioned';
    RETURN NULL;
END $$;
CREATE TRIGGER report_mark_delivery_insert AFTER INSERT ON delivery
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_delivery();
CREATE TRIGGER report_mark_delivery_update AFTER UPDATE ON delivery
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_delivery();

-- A follow-up or contact may settle a discharge up to 72 hours earlier, or make later contacts
-- within 7 days duplicates: those days are marked too.
CREATE FUNCTION report_mark_event() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind)
    SELECT DISTINCT report_day(received_at), 'x' FROM new_rows
    UNION SELECT DISTINCT generate_series(report_day(occurred_at - INTERVAL '72 hours'),
            least(report_day(received_at), report_day(occurred_at) + 10), INTERVAL '1 day')::DATE, 'x'
        FROM new_rows n JOIN event_type t ON t.id = n.event_type_id WHERE t.code = 'FOLLOW_UP_COMPLETED'
    UNION SELECT DISTINCT generate_series(report_day(occurred_at), report_day(occurred_at) + 7, INTERVAL '1 day')::DATE, 'c'
        FROM new_rows n JOIN event_type t ON t.id = n.event_type_id WHERE t.code = 'FOLLOW_UP_COMPLETED';
    RETURN NULL;
END $$;
CREATE TRIGGER report_mark_event AFTER INSERT ON shared_event
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_event();

CREATE FUNCTION report_mark_handover() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind)
    SELECT DISTINCT report_day(submitted_at), 'x' FROM new_rows WHERE submitted_at IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER report_mark_handover_insert AFTER INSERT ON handover
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_handover();
CREATE TRIGGER report_mark_handover_update AFTER UPDATE ON handover
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_handover();

CREATE FUNCTION report_mark_query() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind) SELECT DISTINCT report_day(raised_at), 'x' FROM new_rows;
    RETURN NULL;
END $$;
CREATE TRIGGER report_mark_query AFTER INSERT ON handover_query
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_query();

CREATE FUNCTION report_mark_first_contact() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind)
    SELECT DISTINCT generate_series(report_day(contacted_at - INTERVAL '72 hours'), report_day(contacted_at),
        INTERVAL '1 day')::DATE, 'x' FROM new_rows
    UNION SELECT DISTINCT generate_series(report_day(contacted_at), report_day(contacted_at) + 7, INTERVAL '1 day')::DATE, 'c'
        FROM new_rows;
    RETURN NULL;
END $$;
CREATE TRIGGER report_mark_first_contact AFTER INSERT ON handover_first_contact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_first_contact();

CREATE FUNCTION report_mark_audit() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind) SELECT DISTINCT report_day(at), 'a' FROM new_rows;
    RETURN NULL;
END $$;
CREATE TRIGGER report_mark_audit AFTER INSERT ON audit_entry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_audit();

CREATE FUNCTION report_mark_break_glass() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind) SELECT DISTINCT report_day(granted_at), 'a' FROM new_rows;
    RETURN NULL;
END $$;
CREATE TRIGGER report_mark_break_glass_insert AFTER INSERT ON break_glass_grant
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_break_glass();
CREATE TRIGGER report_mark_break_glass_update AFTER UPDATE ON break_glass_grant
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_break_glass();
