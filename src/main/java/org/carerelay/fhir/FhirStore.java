package org.carerelay.fhir;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carerelay.deliveries.Delivery;
import org.carerelay.events.SharedEvent;
import org.carerelay.fhir.task.TaskStatusMap;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/**
 * Every database read of the FHIR API, each mapped to a typed record (entities, HQL constructor
 * results, or native rows read by alias with declared column types). Access decisions are not made
 * here: callers ask {@code AccessPolicy} first.
 */
@ApplicationScoped
public class FhirStore {

    /** One agency's local identifier for a client. */
    public record LocalId(long agencyId, String localId) {
    }

    /** A delivery and the event it carries. */
    public record DeliveryWithEvent(Delivery delivery, SharedEvent event) {
    }

    /** The Task search: the caller's agency is the recipient or the source; the other filters are optional. */
    public record TaskQuery(long callerAgencyId, Long recipientAgencyId, Long sourceAgencyId, List<TaskStatusMap> statuses,
            Long clientId, Instant changedFrom, Instant changedBefore, Long afterId, int limit) {
    }

    /** When a delivery last changed. */
    public record LastChange(Long deliveryId, Instant at) {
    }

    public record ConsentRow(long id, long clientId, Long recipientAgencyId, String category, String status, String recordedBy,
            long recordedByAgencyId, Instant recordedAt) {
    }

    public record AuditRow(long id, Instant at, String requestId, String userId, String username, Long agencyId, String action,
            String resourceType, String resourceId, Long clientId, String[] sensitivity, String purpose, String outcome,
            String reason, String clientAddress) {
    }

    /** The caller agency's own audit entries, newest first, older than {@code beforeId}. */
    public record AuditQuery(long agencyId, Long clientId, Instant from, Instant to, Long beforeId, int limit) {
    }

    public record ActionItemRow(long id, int position, String description, int windowHours, Instant dueAt, long responsibleAgencyId,
            String state, String outcome, String note, Instant completedAt) {
    }

    @Inject
    EntityManager em;

    public Optional<DeliveryWithEvent> delivery(long id) {
        Delivery d = Delivery.findById(id);
        return d == null ? Optional.empty() : Optional.of(new DeliveryWithEvent(d, SharedEvent.findById(d.eventId)));
    }

    public List<DeliveryWithEvent> deliveries(TaskQuery q) {
        StringBuilder hql = new StringBuilder("""
                select new org.carerelay.fhir.FhirStore$DeliveryWithEvent(d, e) from Delivery d join SharedEvent e on e.id = d.eventId
                where (d.recipientAgencyId = :caller or e.sourceAgencyId = :caller)""");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("caller", q.callerAgencyId());
        condition(hql, params, "d.recipientAgencyId = :recipient", "recipient", q.recipientAgencyId());
        condition(hql, params, "e.sourceAgencyId = :source", "source", q.sourceAgencyId());
        condition(hql, params, "d.clientId = :client", "client", q.clientId());
        condition(hql, params, "d.id > :afterId", "afterId", q.afterId());
        if (q.statuses() != null) {
            if (q.statuses().isEmpty()) {
                return List.of();
            }
            // every (state, outcome) pair of the chosen rows, and no other: open states never have an outcome, completed always has one
            condition(hql, params, "d.state in :states", "states", q.statuses().stream().map(m -> m.state.code).distinct().toList());
            condition(hql, params, "coalesce(d.outcome, '') in :outcomes", "outcomes",
                    q.statuses().stream().map(m -> m.outcome == null ? "" : m.outcome.code).distinct().toList());
        }
        String changed = "(select max(t.at) from DeliveryTransition t where t.deliveryId = d.id)";
        condition(hql, params, changed + " >= :changedFrom", "changedFrom", q.changedFrom());
        condition(hql, params, changed + " < :changedBefore", "changedBefore", q.changedBefore());
        hql.append(" order by d.id");
        var query = em.createQuery(hql.toString(), DeliveryWithEvent.class).setMaxResults(q.limit());
        params.forEach(query::setParameter);
        return query.getResultList();
    }

    private static void condition(StringBuilder hql, Map<String, Object> params, String clause, String name, Object value) {
        if (value != null) {
            hql.append(" and ").append(clause);
            params.put(name, value);
        }
    }

    /** When each delivery last changed (its latest transition: delivered, acknowledged, assigned, escalated, …). */
    public Map<Long, Instant> lastChanges(Collection<Long> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("""
                select new org.carerelay.fhir.FhirStore$LastChange(t.deliveryId, max(t.at)) from DeliveryTransition t
                where t.deliveryId in :ids group by t.deliveryId""", LastChange.class)
                .setParameter("ids", deliveryIds).getResultStream().collect(Collectors.toMap(LastChange::deliveryId, LastChange::at));
    }

    /** The handover each of these events shares (DISCHARGE_HANDOVER events only). */
    public Map<Long, Long> handoversByEvent(Collection<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select h.eventId as eventId, h.id as handoverId from Handover h where h.eventId in :ids", Tuple.class)
                .setParameter("ids", eventIds).getResultStream()
                .collect(Collectors.toMap(t -> t.get("eventId", Long.class), t -> t.get("handoverId", Long.class), (a, b) -> a));
    }

    public List<Delivery> deliveriesOfEvent(long eventId) {
        return Delivery.list("eventId = ?1 order by id", eventId);
    }

    /** The client's events, newest first. */
    public List<SharedEvent> eventsOfClient(long clientId, int limit) {
        return SharedEvent.<SharedEvent>find("clientId = ?1 order by occurredAt desc, id desc", clientId).page(0, limit).list();
    }

    public List<LocalId> localIds(long clientId) {
        return rows("SELECT agency_id, local_id FROM client_identifier WHERE client_id = :client ORDER BY agency_id, local_id",
                columns(col("agency_id", Long.class), col("local_id", String.class)), Map.of("client", clientId),
                t -> new LocalId(t.get("agency_id", Long.class), t.get("local_id", String.class)));
    }

    public List<ConsentRow> consents(long clientId) {
        return rows(CONSENT_SQL + " WHERE client_id = :client ORDER BY recorded_at, id", CONSENT_COLUMNS, Map.of("client", clientId),
                FhirStore::consent);
    }

    public Optional<ConsentRow> consent(long id) {
        return rows(CONSENT_SQL + " WHERE id = :id", CONSENT_COLUMNS, Map.of("id", id), FhirStore::consent).stream().findFirst();
    }

    private static final String CONSENT_SQL = """
            SELECT id, client_id, recipient_agency_id, category, status, recorded_by, recorded_by_agency_id, recorded_at
            FROM consent_record""";
    private static final Map<String, Class<?>> CONSENT_COLUMNS = columns(col("id", Long.class), col("client_id", Long.class),
            col("recipient_agency_id", Long.class), col("category", String.class), col("status", String.class),
            col("recorded_by", String.class), col("recorded_by_agency_id", Long.class), col("recorded_at", Instant.class));

    private static ConsentRow consent(Tuple t) {
        return new ConsentRow(t.get("id", Long.class), t.get("client_id", Long.class), t.get("recipient_agency_id", Long.class),
                t.get("category", String.class), t.get("status", String.class), t.get("recorded_by", String.class),
                t.get("recorded_by_agency_id", Long.class), t.get("recorded_at", Instant.class));
    }

    public List<AuditRow> auditEntries(AuditQuery q) {
        StringBuilder sql = new StringBuilder(AUDIT_SQL + " WHERE agency_id = :agency");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("agency", q.agencyId());
        condition(sql, params, "client_id = :client", "client", q.clientId());
        condition(sql, params, "at >= :from", "from", q.from());
        condition(sql, params, "at < :to", "to", q.to());
        condition(sql, params, "id < :before", "before", q.beforeId());
        sql.append(" ORDER BY id DESC LIMIT ").append(q.limit());
        return rows(sql.toString(), AUDIT_COLUMNS, params, FhirStore::audit);
    }

    public Optional<AuditRow> auditEntry(long id) {
        return rows(AUDIT_SQL + " WHERE id = :id", AUDIT_COLUMNS, Map.of("id", id), FhirStore::audit).stream().findFirst();
    }

    private static final String AUDIT_SQL = """
            SELECT id, at, request_id, user_id, username, agency_id, action, resource_type, resource_id, client_id, sensitivity,
                   purpose, outcome, reason, client_address FROM audit_entry""";
    private static final Map<String, Class<?>> AUDIT_COLUMNS = columns(col("id", Long.class), col("at", Instant.class),
            col("request_id", String.class), col("user_id", String.class), col("username", String.class), col("agency_id", Long.class),
            col("action", String.class), col("resource_type", String.class), col("resource_id", String.class),
            col("client_id", Long.class), col("sensitivity", String[].class), col("purpose", String.class),
            col("outcome", String.class), col("reason", String.class), col("client_address", String.class));

    private static AuditRow audit(Tuple t) {
        return new AuditRow(t.get("id", Long.class), t.get("at", Instant.class), t.get("request_id", String.class),
                t.get("user_id", String.class), t.get("username", String.class), t.get("agency_id", Long.class),
                t.get("action", String.class), t.get("resource_type", String.class), t.get("resource_id", String.class),
                t.get("client_id", Long.class), t.get("sensitivity", String[].class), t.get("purpose", String.class),
                t.get("outcome", String.class), t.get("reason", String.class), t.get("client_address", String.class));
    }

    public List<ActionItemRow> actionItems(long handoverId) {
        return rows("""
                SELECT id, position, description, window_hours, due_at, responsible_agency_id, state, outcome, note, completed_at
                FROM handover_action_item WHERE handover_id = :h ORDER BY position""",
                columns(col("id", Long.class), col("position", Integer.class), col("description", String.class),
                        col("window_hours", Integer.class), col("due_at", Instant.class), col("responsible_agency_id", Long.class),
                        col("state", String.class), col("outcome", String.class), col("note", String.class),
                        col("completed_at", Instant.class)),
                Map.of("h", handoverId),
                t -> new ActionItemRow(t.get("id", Long.class), t.get("position", Integer.class), t.get("description", String.class),
                        t.get("window_hours", Integer.class), t.get("due_at", Instant.class), t.get("responsible_agency_id", Long.class),
                        t.get("state", String.class), t.get("outcome", String.class), t.get("note", String.class),
                        t.get("completed_at", Instant.class)));
    }

    /** A native query whose columns are declared with their Java types and read back by alias. */
    private <R> List<R> rows(String sql, Map<String, Class<?>> columns, Map<String, Object> params, Function<Tuple, R> row) {
        NativeQuery<Tuple> query = em.unwrap(Session.class).createNativeQuery(sql, Tuple.class);
        columns.forEach(query::addScalar);
        params.forEach(query::setParameter);
        return query.getResultStream().map(row).toList();
    }

    /** One selected column: its alias and the Java type Hibernate converts it to. */
    private static Map.Entry<String, Class<?>> col(String alias, Class<?> type) {
        return Map.entry(alias, type);
    }

    @SafeVarargs
    private static Map<String, Class<?>> columns(Map.Entry<String, Class<?>>... columns) {
        Map<String, Class<?>> all = new LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> column : columns) {
            all.put(column.getKey(), column.getValue());
        }
        return all;
    }
}
