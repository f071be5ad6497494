package org.carerelay.team;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.StaffDirectory;
import org.carerelay.agencies.StaffDirectory.StaffMember;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.SqlValues;

/**
 * The team lead's view of the agency's open work: what is overdue or escalated (most overdue
 * first), and how open work is spread over the team and its queue. Two queries for the page,
 * plus the staff directory for the assignment forms.
 */
@ApplicationScoped
public class TeamBoard {

    static final int ATTENTION_LIMIT = 100;

    /** An open delivery past due or escalated. {@code owner} is a username, null for the team queue. */
    public record Attention(long id, long clientId, String clientName, String title, String urgency, String state,
            String owner, String ownerName, Instant dueAt, Instant escalatedAt, int version) {

        public boolean overdue(Instant now) {
            return now.isAfter(dueAt);
        }

        public Duration overdueBy(Instant now) {
            return Duration.between(dueAt, now);
        }

        public Duration dueIn(Instant now) {
            return Duration.between(now, dueAt);
        }

        public String ownerLabel() {
            return owner == null ? "Team queue" : ownerName == null ? owner : ownerName + " (" + owner + ")";
        }
    }

    /** Open work of one person (owner null: the team queue), by state. */
    public static final class Load {
        public final String owner;
        public final String name;
        public long fresh;
        public long acknowledged;
        public long inProgress;
        public long overdue;

        Load(String owner, String name) {
            this.owner = owner;
            this.name = name;
        }

        public long total() {
            return fresh + acknowledged + inProgress;
        }

        public String label() {
            return owner == null ? "Team queue" : name == null ? owner : name + " (" + owner + ")";
        }

        public boolean queue() {
            return owner == null;
        }
    }

    public record Board(List<Attention> attention, long attentionTotal, List<Load> workload, List<StaffMember> staff, Instant now,
            List<org.carerelay.handover.HandoverItemEscalation.OverdueAction> handoverActions) {

        public boolean truncated() {
            return attentionTotal > attention.size();
        }
    }

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    StaffDirectory staffDirectory;

    @Inject
    Clock clock;

    @Inject
    org.carerelay.handover.HandoverItemEscalation handoverItems;

    /** The board for the lead's agency, audited as one list view. */
    @Transactional
    public Board board(long agencyId) {
        Instant now = clock.instant();
        List<Object[]> rows = attentionRows(agencyId, now);
        long total = rows.isEmpty() ? 0 : SqlValues.id(rows.get(0)[12]);
        List<Attention> attention = rows.stream().map(r -> new Attention(SqlValues.id(r[0]), SqlValues.id(r[1]),
                r[2] + " " + r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8],
                SqlValues.instant(r[9]), SqlValues.instant(r[10]), ((Number) r[11]).intValue())).toList();
        List<StaffMember> staff = staffDirectory.frontline(agencyId);
        List<Load> workload = workload(agencyId, now, staff);
        List<org.carerelay.handover.HandoverItemEscalation.OverdueAction> actions = handoverItems.overdueFor(agencyId, now, ATTENTION_LIMIT);
        audit.record(AuditRecord.list("team", Purpose.CARE_DELIVERY,
                attention.size() + " overdue or escalated deliveries, " + actions.size() + " overdue handover actions, workload of "
                        + workload.size() + " owners"));
        return new Board(attention, total, workload, staff, now, actions);
    }

    /** "Symptom deterioration reported about Ada Smith", for the confirmation after an assignment. */
    @Transactional
    public Optional<String> describe(long deliveryId, long agencyId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT t.title, c.given_name, c.family_name FROM delivery d
                JOIN shared_event e ON e.id = d.event_id JOIN event_type t ON t.id = e.event_type_id
                JOIN client c ON c.id = d.client_id
                WHERE d.id = :id AND d.recipient_agency_id = :a""")
                .setParameter("id", deliveryId).setParameter("a", agencyId).getResultList();
        return rows.stream().findFirst().map(r -> r[0] + " about " + r[1] + " " + r[2]);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> attentionRows(long agencyId, Instant now) {
        return em.createNativeQuery("""
                SELECT d.id, d.client_id, c.given_name, c.family_name, t.title, d.urgency, d.state, d.owner_username,
                       s.display_name, d.due_at, d.escalated_at, d.version, count(*) OVER ()
                FROM delivery d
                JOIN shared_event e ON e.id = d.event_id
                JOIN event_type t ON t.id = e.event_type_id
                JOIN client c ON c.id = d.client_id
                LEFT JOIN staff_member s ON s.username = d.owner_username AND s.agency_id = d.recipient_agency_id
                WHERE d.recipient_agency_id = :a AND d.state <> 'completed'
                  AND (d.due_at < :now OR d.escalated_at IS NOT NULL)
                ORDER BY d.due_at, d.id
                LIMIT :limit""")
                .setParameter("a", agencyId).setParameter("now", now).setParameter("limit", ATTENTION_LIMIT).getResultList();
    }

    @SuppressWarnings("unchecked")
    private List<Load> workload(long agencyId, Instant now, List<StaffMember> staff) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT d.owner_username, min(s.display_name), d.state, count(*), count(*) FILTER (WHERE d.due_at < :now)
                FROM delivery d
                LEFT JOIN staff_member s ON s.username = d.owner_username AND s.agency_id = d.recipient_agency_id
                WHERE d.recipient_agency_id = :a AND d.state <> 'completed'
                GROUP BY d.owner_username, d.state""")
                .setParameter("a", agencyId).setParameter("now", now).getResultList();
        Map<String, Load> byOwner = new LinkedHashMap<>();
        byOwner.put(null, new Load(null, null));
        staff.forEach(m -> byOwner.put(m.username(), new Load(m.username(), m.displayName())));
        for (Object[] r : rows) {
            String owner = (String) r[0];
            Load load = byOwner.computeIfAbsent(owner, o -> new Load(o, (String) r[1]));
            long count = SqlValues.id(r[3]);
            switch ((String) r[2]) {
                case "new" -> load.fresh += count;
                case "acknowledged" -> load.acknowledged += count;
                default -> load.inProgress += count;
            }
            load.overdue += SqlValues.id(r[4]);
        }
        List<Load> people = new ArrayList<>(byOwner.values());
        people.remove(byOwner.get(null));
        people.sort(Comparator.comparing(Load::label, String.CASE_INSENSITIVE_ORDER));
        people.add(0, byOwner.get(null));
        return people;
    }
}
