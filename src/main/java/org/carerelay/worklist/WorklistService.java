package org.carerelay.worklist;

import org.carerelay.clock.NetworkTimeZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.sql.SqlValues;

/**
 * Reads an agency's worklist: deliveries by urgency then due time (keyset paged along the
 * delivery_worklist index), the bucket counts, and single rows for live refresh. Three queries
 * per page whatever its size: rows, counts, latest notes.
 */
@ApplicationScoped
public class WorklistService {

    public static final int PAGE_SIZE = 25;

    /** The bucket counts; each stops at {@link #CAP} and then reads "1,000+". */
    public record Counts(long overdue, long dueToday, long fresh, long inProgress) {
        public static final int CAP = 1000;

        public String shown(long count) {
            return count >= CAP ? "1,000+" : Long.toString(count);
        }
    }

    public record WorklistPage(List<WorklistRow> rows, Counts counts, String next, Instant renderedAt) {
    }

    static final String SELECT = """
            SELECT d.id, d.version, d.client_id, c.given_name || ' ' || c.family_name, t.code, t.title, t.meaning, e.source_agency_id,
                   d.created_at, d.due_at, d.urgency, d.state, d.owner_username, d.outcome, d.urgency_rank, d.completed_at,
                   d.event_id, d.recipient_agency_id,
                   EXISTS (SELECT 1 FROM identity_exception x WHERE x.provisional_client_id = d.client_id AND x.status = 'open')
            FROM delivery d
            JOIN shared_event e ON e.id = d.event_id
            JOIN event_type t ON t.id = e.event_type_id
            JOIN client c ON c.id = d.client_id
            """;

    @Inject
    EntityManager em;

    @Inject
    AgencyDirectory agencies;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    @Transactional
    public WorklistPage page(long agencyId, String username, WorklistFilter f) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE d.recipient_agency_id = :agency ");
        Map<String, Object> params = new HashMap<>();
        params.put("agency", agencyId);
        switch (f.state()) {
            case "open" -> sql.append("AND d.state <> 'completed' ");
            case "completed" -> sql.append("AND d.state = 'completed' ");
            default -> {
                sql.append("AND d.state <> 'completed' AND d.state = :state ");
                params.put("state", f.state());
            }
        }
        if (!f.urgency().isEmpty()) {
            sql.append("AND d.urgency = :urgency ");
            params.put("urgency", f.urgency());
        }
        if (!f.type().isEmpty()) {
            sql.append("AND e.type_code = :type ");
            params.put("type", f.type());
        }
        if (f.owner().equals("me")) {
            sql.append("AND d.owner_username = :me ");
            params.put("me", username);
        } else if (f.owner().equals("unassigned")) {
            sql.append("AND d.owner_username IS NULL ");
        }
        if (f.due().equals("overdue")) {
            sql.append("AND d.due_at < :now ");
            params.put("now", now);
        } else if (f.due().equals("today")) {
            sql.append("AND d.due_at >= :now AND d.due_at < :endOfDay ");
            params.put("now", now);
            params.put("endOfDay", endOfDay(now));
        }
        if (!f.query().isEmpty()) {
            sql.append("""
                    AND (lower(c.family_name) LIKE :prefix OR lower(c.given_name) LIKE :prefix
                         OR lower(c.given_name || ' ' || c.family_name) LIKE :prefix
                         OR EXISTS (SELECT 1 FROM client_identifier i WHERE i.client_id = c.id AND i.local_id = :exact)) """);
            params.put("prefix", f.query().toLowerCase().replace("%", "").replace("_", "") + "%");
            params.put("exact", f.query());
        }
        if (f.arrivedSince() != null) {
            sql.append("AND d.created_at > :arrived ");
            params.put("arrived", f.arrivedSince());
        }
        WorklistFilter.Cursor cursor = f.after() == null ? null : WorklistFilter.Cursor.decode(f.after());
        if (f.completed()) {
            if (cursor != null) {
                sql.append("AND (d.completed_at, d.id) < (:at, :id) ");
            }
            sql.append("ORDER BY d.completed_at DESC, d.id DESC ");
        } else {
            if (cursor != null) {
                sql.append("AND (d.urgency_rank, d.due_at, d.id) > (:rank, :at, :id) ");
                params.put("rank", (short) cursor.rank());
            }
            sql.append("ORDER BY d.urgency_rank, d.due_at, d.id ");
        }
        if (cursor != null) {
            params.put("at", cursor.at());
            params.put("id", cursor.id());
        }
        sql.append("LIMIT ").append(PAGE_SIZE + 1);
        Query query = em.createNativeQuery(sql.toString());
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> raw = query.getResultList();
        boolean more = raw.size() > PAGE_SIZE;
        List<Object[]> pageRows = more ? raw.subList(0, PAGE_SIZE) : raw;
        List<WorklistRow> rows = toRows(pageRows, now);
        String next = null;
        if (more) {
            Object[] last = pageRows.get(pageRows.size() - 1);
            next = new WorklistFilter.Cursor(((Number) last[14]).intValue(),
                    SqlValues.instant(f.completed() ? last[15] : last[9]), SqlValues.id(last[0])).encode();
        }
        return new WorklistPage(rows, counts(agencyId, now), next, now);
    }

    /** One row, for an in-place refresh; null when it is not this agency's. */
    @Transactional
    public WorklistRow row(long agencyId, long deliveryId) {
        @SuppressWarnings("unchecked")
        List<Object[]> raw = em.createNativeQuery(SELECT + "WHERE d.id = :id AND d.recipient_agency_id = :agency")
                .setParameter("id", deliveryId).setParameter("agency", agencyId).getResultList();
        return raw.isEmpty() ? null : toRows(raw, clock.instant()).get(0);
    }

    /** Deliveries that reached the agency after the page was drawn (for the "N new" banner). */
    @Transactional
    public long arrivedSince(long agencyId, Instant since) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM delivery WHERE recipient_agency_id = :a AND created_at > :since")
                .setParameter("a", agencyId).setParameter("since", since).getSingleResult()).longValue();
    }

    Counts counts(long agencyId, Instant now) {
        // each count reads at most COUNT_CAP index entries (delivery_open_by_due, delivery_open_state)
        Object[] c = (Object[]) em.createNativeQuery("""
                SELECT (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state <> 'completed'
                            AND due_at < :now LIMIT :cap) x),
                       (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state <> 'completed'
                            AND due_at >= :now AND due_at < :endOfDay LIMIT :cap) x),
                       (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state = 'new'
                            LIMIT :cap) x),
                       (SELECT count(*) FROM (SELECT 1 FROM delivery WHERE recipient_agency_id = :agency AND state = 'in_progress'
                            LIMIT :cap) x)""")
                .setParameter("agency", agencyId).setParameter("now", now).setParameter("endOfDay", endOfDay(now))
                .setParameter("cap", Counts.CAP).getSingleResult();
        return new Counts(((Number) c[0]).longValue(), ((Number) c[1]).longValue(), ((Number) c[2]).longValue(), ((Number) c[3]).longValue());
    }

    private List<WorklistRow> toRows(List<Object[]> raw, Instant now) {
        Map<Long, String> notes = latestNotes(raw.stream().map(r -> SqlValues.id(r[0])).toList());
        Map<Long, Object[]> handovers = nextHandoverActions(raw);
        List<WorklistRow> rows = new ArrayList<>();
        for (Object[] r : raw) {
            long id = SqlValues.id(r[0]);
            Instant due = SqlValues.instant(r[9]);
            String state = (String) r[11];
            rows.add(new WorklistRow(id, ((Number) r[1]).intValue(), SqlValues.id(r[2]), (String) r[3], (String) r[4], (String) r[5],
                    (String) r[6], agencies.find(SqlValues.id(r[7])).map(AgencyDirectory.AgencyRef::name).orElse(""),
                    SqlValues.instant(r[8]), due, (String) r[10], state, (String) r[12], (String) r[13],
                    !"completed".equals(state) && now.isAfter(due), notes.get(id), null, false,
                    handovers.containsKey(SqlValues.id(r[16])) ? SqlValues.id(handovers.get(SqlValues.id(r[16]))[0]) : null,
                    handovers.containsKey(SqlValues.id(r[16])) ? (String) handovers.get(SqlValues.id(r[16]))[1] : null,
                    handovers.containsKey(SqlValues.id(r[16])) ? SqlValues.instant(handovers.get(SqlValues.id(r[16]))[2]) : null,
                    (Boolean) r[18]));
        }
        return rows;
    }

    /** For handover deliveries: the handover and its next open action item for the recipient (one query per page). */
    @SuppressWarnings("unchecked")
    private Map<Long, Object[]> nextHandoverActions(List<Object[]> raw) {
        Map<Long, Object[]> byEvent = new HashMap<>();
        if (raw.isEmpty()) {
            return byEvent;
        }
        List<Long> events = raw.stream().map(r -> SqlValues.id(r[16])).distinct().toList();
        long agency = SqlValues.id(raw.get(0)[17]);
        List<Object[]> rows = em.createNativeQuery("""
                SELECT h.event_id, h.id,
                       (SELECT i.description FROM handover_action_item i WHERE i.handover_id = h.id AND i.state = 'open'
                          AND i.responsible_agency_id = :agency ORDER BY i.due_at, i.position LIMIT 1),
                       (SELECT i.due_at FROM handover_action_item i WHERE i.handover_id = h.id AND i.state = 'open'
                          AND i.responsible_agency_id = :agency ORDER BY i.due_at, i.position LIMIT 1)
                FROM handover h WHERE h.event_id = ANY(CAST(:events AS BIGINT[]))""")
                .setParameter("agency", agency).setParameter("events", SqlValues.arrayLiteral(events)).getResultList();
        rows.forEach(r -> byEvent.put(SqlValues.id(r[0]), new Object[] {r[1], r[2], r[3]}));
        return byEvent;
    }

    @SuppressWarnings("unchecked")
    private Map<Long, String> latestNotes(List<Long> deliveryIds) {
        Map<Long, String> notes = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return notes;
        }
        List<Object[]> rows = em.createNativeQuery("""
                SELECT DISTINCT ON (delivery_id) delivery_id, author || ': ' || text FROM delivery_note
                WHERE delivery_id = ANY(CAST(:ids AS BIGINT[])) ORDER BY delivery_id, at DESC""")
                .setParameter("ids", SqlValues.arrayLiteral(deliveryIds)).getResultList();
        rows.forEach(r -> notes.put(SqlValues.id(r[0]), (String) r[1]));
        return notes;
    }

    private Instant endOfDay(Instant now) {
        ZoneId z = network.timeZone();
        return LocalDate.ofInstant(now, z).plusDays(1).atStartOfDay(z).toInstant();
    }
}
