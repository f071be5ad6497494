-- The portal refreshes the report rollups in short steps: each step recomputes at most p_max marked
-- (day, kind) pairs, newest days first, in its own short transaction. One long transaction would hold
-- back the cluster's oldest running transaction, and with it the partner feed, which shows only
-- deliveries committed before every transaction still running (deliveries/DeliveryFeed.java).
-- report_refresh() stays for bulk loads, where one transaction is fine.

CREATE FUNCTION report_refresh_step(p_now TIMESTAMPTZ, p_tz TEXT, p_max INT) RETURNS INT LANGUAGE plpgsql AS $$
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
        -- new day boundaries: every day is marked, and the next steps recompute them
        UPDATE report_setting SET time_zone = p_tz, refreshed_at = NULL;
        DELETE FROM report_delivery_day; DELETE FROM report_field_day; DELETE FROM report_event_day;
        DELETE FROM report_contact_day; DELETE FROM report_access_day; DELETE FROM report_unusual_day;
        PERFORM report_mark_all_days();
        RETURN p_max;
    END IF;
    WITH chosen AS (
        SELECT DISTINCT day, kind FROM report_dirty_day ORDER BY day DESC, kind LIMIT p_max
    ), taken AS (
        DELETE FROM report_dirty_day m USING chosen c WHERE m.day = c.day AND m.kind = c.kind RETURNING m.day, m.kind
    )
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
    RETURN n;
END $$;
