-- Recomputing one day of the report rollups, and the refresh that does it for every marked day.
-- Definitions of every figure: docs/reports.md.

CREATE FUNCTION report_main_role(roles TEXT[], purpose TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN 'commissioner' = ANY (roles) THEN 'commissioner'
        WHEN 'privacy-officer' = ANY (roles) THEN 'privacy-officer'
        WHEN 'agency-admin' = ANY (roles) THEN 'agency-admin'
        WHEN 'team-lead' = ANY (roles) THEN 'team-lead'
        WHEN 'frontline' = ANY (roles) THEN 'frontline'
        WHEN purpose = 'partner_system' THEN 'partner-system'
        ELSE 'no-role' END
$$;

-- Deliveries, field views, events, discharges and handovers of the day they were sent.
CREATE FUNCTION report_recompute_exchange(p_day DATE, p_now TIMESTAMPTZ) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    tz        TEXT := (SELECT time_zone FROM report_setting);
    day_start TIMESTAMPTZ := p_day::TIMESTAMP AT TIME ZONE tz;
    day_end   TIMESTAMPTZ := (p_day + 1)::TIMESTAMP AT TIME ZONE tz;
    discharge_pathway TEXT := (SELECT pathway FROM event_type WHERE code = 'DISCHARGE_HANDOVER' ORDER BY version DESC LIMIT 1);
BEGIN
    DELETE FROM report_delivery_day WHERE day = p_day;
    INSERT INTO report_delivery_day
    SELECT p_day, d.recipient_agency_id, e.source_agency_id, t.code, t.pathway, d.agreement_id,
           count(*), count(d.acknowledged_at), count(d.completed_at),
           count(*) FILTER (WHERE d.completed_at <= d.due_at),
           count(*) FILTER (WHERE d.outcome = 'actioned'),
           count(*) FILTER (WHERE d.outcome = 'actioned' AND d.completed_at <= d.due_at),
           count(*) FILTER (WHERE d.outcome = 'no_action_needed'),
           count(*) FILTER (WHERE d.outcome = 'declined'),
           count(*) FILTER (WHERE d.outcome = 'transferred'),
           count(*) FILTER (WHERE d.completed_at IS NULL AND d.due_at < p_now),
           count(*) FILTER (WHERE d.completed_at > d.due_at),
           count(d.escalated_at),
           report_hist(report_bucket(extract(EPOCH FROM d.acknowledged_at - d.created_at) / 60)),
           report_hist(report_bucket(extract(EPOCH FROM d.completed_at - d.created_at) / 60))
    FROM delivery d
    JOIN shared_event e ON e.id = d.event_id
    JOIN event_type t ON t.id = e.event_type_id
    WHERE d.created_at >= day_start AND d.created_at < day_end
    GROUP BY d.recipient_agency_id, e.source_agency_id, t.code, t.pathway, d.agreement_id;

    DELETE FROM report_field_day WHERE day = p_day;
    INSERT INTO report_field_day
    SELECT p_day, d.recipient_agency_id, t.code, t.pathway, f.field, count(*),
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM audit_entry a
               WHERE a.client_id = d.client_id AND a.agency_id = d.recipient_agency_id
                 AND a.at >= d.created_at AND a.at <= d.completed_at
                 AND a.action = 'view' AND a.outcome = 'allowed'
                 AND t.code || '.' || f.field = ANY (a.fields_shown)))
    FROM delivery d
    JOIN shared_event e ON e.id = d.event_id
    JOIN event_type t ON t.id = e.event_type_id
    CROSS JOIN LATERAL unnest(d.shared_fields) AS f(field)
    WHERE d.created_at >= day_start AND d.created_at < day_end AND d.completed_at IS NOT NULL
    GROUP BY d.recipient_agency_id, t.code, t.pathway, f.field;

    DELETE FROM report_event_day WHERE day = p_day;
    INSERT INTO report_event_day
    SELECT p_day, source_agency_id, code, pathway, sum(events), sum(discharges), sum(followed_up),
           sum(handovers), sum(incomplete), sum(queries)
    FROM (
        SELECT e.source_agency_id, t.code, t.pathway, 1 AS events,
               (t.code = 'DISCHARGE_HANDOVER')::INT AS discharges,
               (t.code = 'DISCHARGE_HANDOVER' AND (
                   EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id AND d.outcome = 'actioned'
                           AND d.completed_at <= e.occurred_at + INTERVAL '72 hours')
                   OR EXISTS (SELECT 1 FROM shared_event f JOIN event_type ft ON ft.id = f.event_type_id
                           WHERE f.client_id = e.client_id AND ft.code = 'FOLLOW_UP_COMPLETED'
                           AND f.occurred_at >= e.occurred_at AND f.occurred_at <= e.occurred_at + INTERVAL '72 hours')
                   OR EXISTS (SELECT 1 FROM handover h JOIN handover_first_contact c ON c.handover_id = h.id
                           WHERE h.event_id = e.id AND c.contacted_at <= e.occurred_at + INTERVAL '72 hours')
               ))::INT AS followed_up,
               0 AS handovers, 0 AS incomplete, 0 AS queries
        FROM shared_event e JOIN event_type t ON t.id = e.event_type_id
        WHERE e.received_at >= day_start AND e.received_at < day_end
        UNION ALL
        SELECT h.source_agency_id, 'DISCHARGE_HANDOVER', discharge_pathway, 0, 0, 0, 1, h.incomplete::INT, 0
        FROM handover h
        WHERE h.previous_id IS NULL AND h.submitted_at >= day_start AND h.submitted_at < day_end
        UNION ALL
        SELECT h.source_agency_id, 'DISCHARGE_HANDOVER', discharge_pathway, 0, 0, 0, 0, 0, 1
        FROM handover_query q JOIN handover h ON h.id = q.handover_id
        WHERE q.kind = 'missing' AND q.raised_at >= day_start AND q.raised_at < day_end
    ) x
    GROUP BY source_agency_id, code, pathway;
END $$;

-- Contacts with a client on the day (a delivery completed as actioned, a follow-up completed, a
-- handover's first contact) and those within 7 days after another agency's contact.
CREATE FUNCTION report_recompute_contacts(p_day DATE) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    tz        TEXT := (SELECT time_zone FROM report_setting);
    day_start TIMESTAMPTZ := p_day::TIMESTAMP AT TIME ZONE tz;
    day_end   TIMESTAMPTZ := (p_day + 1)::TIMESTAMP AT TIME ZONE tz;
    discharge_pathway TEXT := (SELECT pathway FROM event_type WHERE code = 'DISCHARGE_HANDOVER' ORDER BY version DESC LIMIT 1);
BEGIN
    DELETE FROM report_contact_day WHERE day = p_day;
    INSERT INTO report_contact_day
    WITH contact AS (
        SELECT d.recipient_agency_id AS agency_id, d.client_id, d.completed_at AS at, t.code, t.pathway
        FROM delivery d JOIN shared_event e ON e.id = d.event_id JOIN event_type t ON t.id = e.event_type_id
        WHERE d.outcome = 'actioned' AND d.completed_at >= day_start AND d.completed_at < day_end
        UNION ALL
        SELECT e.source_agency_id, e.client_id, e.occurred_at, t.code, t.pathway
        FROM shared_event e JOIN event_type t ON t.id = e.event_type_id
        WHERE t.code = 'FOLLOW_UP_COMPLETED' AND e.occurred_at >= day_start AND e.occurred_at < day_end
        UNION ALL
        SELECT c.agency_id, h.client_id, c.contacted_at, 'DISCHARGE_HANDOVER', discharge_pathway
        FROM handover_first_contact c JOIN handover h ON h.id = c.handover_id
        WHERE c.contacted_at >= day_start AND c.contacted_at < day_end
    )
    SELECT p_day, c.agency_id, c.code, c.pathway, count(*),
           count(*) FILTER (WHERE
               EXISTS (SELECT 1 FROM delivery o WHERE o.client_id = c.client_id AND o.outcome = 'actioned'
                       AND o.recipient_agency_id <> c.agency_id
                       AND o.completed_at >= c.at - INTERVAL '7 days' AND o.completed_at < c.at)
               OR EXISTS (SELECT 1 FROM shared_event o JOIN event_type ot ON ot.id = o.event_type_id
                       WHERE o.client_id = c.client_id AND ot.code = 'FOLLOW_UP_COMPLETED'
                       AND o.source_agency_id <> c.agency_id
                       AND o.occurred_at >= c.at - INTERVAL '7 days' AND o.occurred_at < c.at)
               OR EXISTS (SELECT 1 FROM handover_first_contact o JOIN handover oh ON oh.id = o.handover_id
                       WHERE oh.client_id = c.client_id AND o.agency_id <> c.agency_id
                       AND o.contacted_at >= c.at - INTERVAL '7 days' AND o.contacted_at < c.at))
    FROM contact c
    GROUP BY c.agency_id, c.code, c.pathway;
END $$;

-- Audit entries, unusual access and break-glass of the day.
CREATE FUNCTION report_recompute_access(p_day DATE) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    tz        TEXT := (SELECT time_zone FROM report_setting);
    day_start TIMESTAMPTZ := p_day::TIMESTAMP AT TIME ZONE tz;
    day_end   TIMESTAMPTZ := (p_day + 1)::TIMESTAMP AT TIME ZONE tz;
BEGIN
    DELETE FROM report_access_day WHERE day = p_day;
    INSERT INTO report_access_day
    SELECT p_day, coalesce(a.agency_id, 0), report_main_role(a.roles, a.purpose), a.action, a.outcome, count(*)
    FROM audit_entry a
    WHERE a.at >= day_start AND a.at < day_end
    GROUP BY 2, 3, 4, 5;

    DELETE FROM report_unusual_day WHERE day = p_day;
    INSERT INTO report_unusual_day
    WITH views AS (
        SELECT a.agency_id, a.username, a.client_id,
               extract(HOUR FROM a.at AT TIME ZONE tz) AS hour,
               NOT EXISTS (SELECT 1 FROM care_relationship r WHERE r.client_id = a.client_id AND r.agency_id = a.agency_id)
                   AS unrelated
        FROM audit_entry a
        WHERE a.at >= day_start AND a.at < day_end AND a.action = 'view'
          AND a.client_id IS NOT NULL AND a.agency_id IS NOT NULL
    ), per_user AS (
        SELECT agency_id, username, count(*) AS views,
               count(*) FILTER (WHERE hour >= 22 OR hour < 6) AS night,
               count(*) FILTER (WHERE unrelated) AS unrelated_views,
               count(DISTINCT client_id) FILTER (WHERE unrelated) AS unrelated_clients
        FROM views GROUP BY agency_id, username
    ), per_agency AS (
        SELECT agency_id, sum(views)::INT AS views, sum(night)::INT AS night,
               count(*) FILTER (WHERE night > 0)::INT AS night_users, sum(unrelated_views)::INT AS unrelated_views,
               count(*) FILTER (WHERE unrelated_clients >= 5)::INT AS many_unrelated
        FROM per_user GROUP BY agency_id
    ), glass AS (
        SELECT agency_id, count(*)::INT AS uses, count(review_outcome)::INT AS reviewed
        FROM break_glass_grant WHERE granted_at >= day_start AND granted_at < day_end GROUP BY agency_id
    )
    SELECT p_day, coalesce(v.agency_id, g.agency_id), coalesce(v.views, 0), coalesce(v.night, 0),
           coalesce(v.night_users, 0), coalesce(v.unrelated_views, 0), coalesce(v.many_unrelated, 0),
           coalesce(g.uses, 0), coalesce(g.reviewed, 0)
    FROM per_agency v FULL JOIN glass g ON g.agency_id = v.agency_id;
END $$;

-- Marks every day that has data (first install over existing data, or new day boundaries).
CREATE FUNCTION report_mark_all_days() RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_dirty_day (day, kind)
    SELECT DISTINCT report_day(created_at), 'x' FROM delivery
    UNION SELECT DISTINCT report_day(received_at), 'x' FROM shared_event
    UNION SELECT DISTINCT report_day(submitted_at), 'x' FROM handover WHERE submitted_at IS NOT NULL
    UNION SELECT DISTINCT report_day(raised_at), 'x' FROM handover_query
    UNION SELECT DISTINCT report_day(completed_at), 'c' FROM delivery WHERE outcome = 'actioned'
    UNION SELECT DISTINCT report_day(occurred_at), 'c' FROM shared_event
    UNION SELECT DISTINCT report_day(contacted_at), 'c' FROM handover_first_contact
    UNION SELECT DISTINCT report_day(at), 'a' FROM audit_entry
    UNION SELECT DISTINCT report_day(granted_at), 'a' FROM break_glass_grant;
END $$;

-- Brings the rollups up to date: recomputes every day marked since the last refresh. Returns the
-- number of day recomputes, or -1 when another session is refreshing (it will see the same marks).
CREATE FUNCTION report_refresh(p_now TIMESTAMPTZ, p_tz TEXT) RETURNS INT LANGUAGE plpgsql AS $$
DECLARE
    exchange_days DATE[];
    contact_days  DATE[];
    access_days   DATE[];
    d DATE;
    n INT := 0;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7423012) THEN
        RETURN -1;
    END IF;
    IF (SELECT time_zone FROM report_setting) IS DISTINCT FROM p_tz THEN
        -- new day boundaries: every day is recomputed under them
        UPDATE report_setting SET time_zone = p_tz;
        DELETE FROM report_delivery_day; DELETE FROM report_field_day; DELETE FROM report_event_day;
        DELETE FROM report_contact_day; DELETE FROM report_access_day; DELETE FROM report_unusual_day;
        PERFORM report_mark_all_days();
    END IF;
    WITH taken AS (DELETE FROM report_dirty_day RETURNING day, kind)
    SELECT array_agg(DISTINCT day) FILTER (WHERE kind = 'x'), array_agg(DISTINCT day) FILTER (WHERE kind = 'c'),
           array_agg(DISTINCT day) FILTER (WHERE kind = 'a')
    INTO exchange_days, contact_days, access_days FROM taken;
    FOREACH d IN ARRAY coalesce(exchange_days, '{}') LOOP
        PERFORM report_recompute_exchange(d, p_now);
        n := n + 1;
    END LOOP;
    FOREACH d IN ARRAY coalesce(contact_days, '{}') LOOP
        PERFORM report_recompute_contacts(d);
        n := n + 1;
    END LOOP;
    FOREACH d IN ARRAY coalesce(access_days, '{}') LOOP
        PERFORM report_recompute_access(d);
        n := n + 1;
    END LOOP;
    UPDATE report_setting SET refreshed_at = p_now;
    RETURN n;
END $$;

-- Data written before this migration: every day is computed by the first refresh.
DO $$ BEGIN PERFORM report_mark_all_days(); END $$;
