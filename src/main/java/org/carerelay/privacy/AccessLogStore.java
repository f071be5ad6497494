package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.clients.CareRelationships.LinkedBy;
import org.carerelay.sql.Row;

/**
 * The access log's reads: audit entries about the clients an agency holds records of plus the entries of its own users
 * (each branch on its own index: audit_entry_agency_at / the primary key for the agency's users, care_relationship_agency
 * + audit_entry_client_at for the clients, then the two id lists merged), and the care relationships an identity match made.
 */
@ApplicationScoped
public class AccessLogStore {

    record EntryRow(long id, Instant at, String username, Long agencyId, List<String> roles, String action, String resourceType,
            String resourceId, Long clientId, String fieldsShown, String purpose, String outcome, String reason) {

        static EntryRow of(Row r) {
            return new EntryRow(r.id("id"), r.instant("at"), r.text("username"), r.nullableNumber("agency_id"), r.texts("roles"),
                    r.text("action"), r.text("resource_type"), r.text("resource_id"), r.nullableNumber("client_id"),
                    r.text("fields_shown"), r.text("purpose"), r.text("outcome"), r.text("reason"));
        }
    }

    record LinkRow(long clientId, long agencyId, String linkedBy, String confirmedBy, Instant confirmedAt) {

        static LinkRow of(Row r) {
            return new LinkRow(r.id("client_id"), r.id("agency_id"), r.text("linked_by"), r.text("confirmed_by"),
                    r.instant("confirmed_at"));
        }
    }

    @Inject
    EntityManager em;

    /** Up to {@code limit} entries matching the filter (its page position included), newest first. */
    List<EntryRow> entries(long agencyId, AccessLogFilter filter, int limit) {
        Conditions where = new Conditions();
        if (!filter.user().isEmpty()) {
            // exact or prefix: "responder" finds responder.eastside; LIKE's own wildcards are escaped
            where.add("a.username LIKE :userPrefix ESCAPE '!'", "userPrefix",
                    filter.user().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        where.add(filter.clientId() != null, "a.client_id = :client", "client", filter.clientId());
        where.add(!filter.action().isEmpty(), "a.action = :action", "action", filter.action());
        where.add(filter.fromDate() != null, "a.at >= :from", "from", filter.fromInstant());
        where.add(filter.toDate() != null, "a.at < :to", "to", filter.toInstant());
        where.add(!filter.outcome().isEmpty(), "a.outcome = :outcome", "outcome", filter.outcome());
        where.add(filter.beforeId() != null, "a.id < :before", "before", filter.beforeId());
        Query query = Row.query(em, """
                SELECT e.id, e.at, e.username, e.agency_id, e.roles, e.action, e.resource_type, e.resource_id,
                       e.client_id, array_to_string(e.fields_shown, ', ') AS fields_shown, e.purpose, e.outcome, e.reason
                FROM audit_entry e
                WHERE e.id IN (
                    (SELECT a.id FROM audit_entry a WHERE a.agency_id = :mine %1$s ORDER BY a.id DESC LIMIT :limit)
                    UNION
                    (SELECT a.id FROM audit_entry a JOIN care_relationship r ON r.client_id = a.client_id AND r.agency_id = :mine
                     WHERE a.client_id IS NOT NULL %1$s ORDER BY a.id DESC LIMIT :limit))
                ORDER BY e.id DESC
                LIMIT :limit""".formatted(where.sql))
                .setParameter("mine", agencyId).setParameter("limit", limit);
        where.params.forEach(query::setParameter);
        return Row.all(query).stream().map(EntryRow::of).toList();
    }

    /**
     * The newest care relationships with the agency's clients that an identity match made, whichever agency gained them (the
     * code is written into the SQL so that the partial index care_relationship_identity_links applies).
     */
    List<LinkRow> identityLinks(long agencyId, int limit) {
        return Row.all(Row.query(em, """
                SELECT r.client_id, r.agency_id, r.linked_by, r.confirmed_by, r.confirmed_at FROM care_relationship r
                WHERE r.linked_by <> '%s'
                  AND EXISTS (SELECT 1 FROM care_relationship m WHERE m.client_id = r.client_id AND m.agency_id = :mine)
                ORDER BY r.confirmed_at DESC, r.client_id DESC LIMIT :limit""".formatted(LinkedBy.IDENTIFIER.code))
                .setParameter("mine", agencyId).setParameter("limit", limit)).stream().map(LinkRow::of).toList();
    }

    /** The filter's conditions, each with its one named parameter. */
    private static final class Conditions {
        final StringBuilder sql = new StringBuilder();
        final Map<String, Object> params = new LinkedHashMap<>();

        void add(String condition, String name, Object value) {
            sql.append(" AND ").append(condition);
            params.put(name, value);
        }

        void add(boolean applies, String condition, String name, Object value) {
            if (applies) {
                add(condition, name, value);
            }
        }
    }
}
