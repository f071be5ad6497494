package org.carerelay.team;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import org.carerelay.handover.HandoverItemEscalation;

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
            List<HandoverItemEscalation.OverdueAction> handoverActions) {

        public boolean truncated() {
            return attentionTotal > attention.size();
        }
    }

    @Inject
    TeamStore store;

    @Inject
    AuditLog audit;

    @Inject
    StaffDirectory staffDirectory;

    @Inject
    Clock clock;

    @Inject
    HandoverItemEscalation handoverItems;

    /** The board for the lead's agency, audited as one list view. */
    @Transactional
    public Board board(long agencyId) {
        Instant now = clock.instant();
        List<TeamStore.AttentionRow> rows = store.attention(agencyId, now, ATTENTION_LIMIT);
        long total = rows.isEmpty() ? 0 : rows.get(0).total();
        List<Attention> attention = rows.stream().map(r -> new Attention(r.id(), r.clientId(), r.givenName() + " " + r.familyName(),
                r.title(), r.urgency(), r.state().code, r.owner(), r.ownerName(), r.dueAt(), r.escalatedAt(), r.version())).toList();
        List<StaffMember> staff = staffDirectory.frontline(agencyId);
        List<Load> workload = workload(agencyId, now, staff);
        List<HandoverItemEscalation.OverdueAction> actions = handoverItems.overdueFor(agencyId, now, ATTENTION_LIMIT);
        audit.record(AuditRecord.list("team", Purpose.CARE_DELIVERY,
                attention.size() + " overdue or escalated deliveries, " + actions.size() + " overdue handover actions, workload of "
                        + workload.size() + " owners"));
        return new Board(attention, total, workload, staff, now, actions);
    }

    /** "Symptom deterioration reported about Ada Smith", for the confirmation after an assignment. */
    @Transactional
    public Optional<String> describe(long deliveryId, long agencyId) {
        return store.describe(deliveryId, agencyId);
    }

    private List<Load> workload(long agencyId, Instant now, List<StaffMember> staff) {
        Map<String, Load> byOwner = new LinkedHashMap<>();
        byOwner.put(null, new Load(null, null));
        staff.forEach(m -> byOwner.put(m.username(), new Load(m.username(), m.displayName())));
        for (TeamStore.LoadRow r : store.load(agencyId, now)) {
            Load load = byOwner.computeIfAbsent(r.owner(), o -> new Load(o, r.ownerName()));
            switch (r.state()) {
                case NEW -> load.fresh += r.count();
                case ACKNOWLEDGED -> load.acknowledged += r.count();
                default -> load.inProgress += r.count();
            }
            load.overdue += r.overdue();
        }
        List<Load> people = new ArrayList<>(byOwner.values());
        people.remove(byOwner.get(null));
        people.sort(Comparator.comparing(Load::label, String.CASE_INSENSITIVE_ORDER));
        people.add(0, byOwner.get(null));
        return people;
    }
}
