package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.access.Role;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditAction;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.SqlValues;

/**
 * The privacy officer's access log: audit entries about the clients their agency holds records
 * of (a care relationship), plus every entry made by their own agency's users. Newest first,
 * keyset-paged by id. Each branch of the query runs on its own index (audit_entry_agency_at /
 * the primary key for the agency's users, care_relationship_agency + audit_entry_client_at for
 * the clients), then the two id lists are merged; agency names come from the in-memory directory.
 */
@ApplicationScoped
public class AccessLogService {

    public static final int PAGE_SIZE = 50;
    public static final int EXPORT_LIMIT = 10_000;

    /** One audit entry as the log shows it. */
    public record Entry(long id, Instant at, String username, String agency, String roles, String action, String resourceType,
            String resourceId, Long clientId, String fieldsShown, String purpose, String outcome, String reason) {

        public String record() {
            return resourceId == null ? resourceType : resourceType + " " + resourceId;
        }
    }

    /**
     * A care relationship made by an identity match rather than the agency's own identifier: linked by
     * a strong shared identifier, or confirmed by an identity steward (who, and when).
     */
    public record IdentityLink(long clientId, String agency, String linkedBy, String confirmedBy, Instant confirmedAt) {
    }

    public static final int IDENTITY_LINK_LIMIT = 100;

    /** One page: its entries, and the id to continue from when there are older ones (else null). */
    public record Page(List<Entry> entries, Long olderBefore, List<IdentityLink> identityLinks) {
    }

    /** An export: at most {@link #EXPORT_LIMIT} entries, and whether more matched. */
    public record Export(List<Entry> entries, boolean truncated) {
    }

    @Inject
    EntityManager em;

    @Inject
    CurrentUser user;

    @Inject
    AgencyDirectory agencies;

    @Inject
    AuditLog audit;

    /** One page of the log; the listing itself is audited before it is shown. Invalid filters show nothing. */
    @Transactional
    public Page page(AccessLogFilter filter) {
        long agencyId = Officers.agencyId(user);
        if (!filter.valid()) {
            return new Page(List.of(), null, List.of());
        }
        List<Entry> rows = query(agencyId, filter, PAGE_SIZE + 1);
        Long older = null;
        if (rows.size() > PAGE_SIZE) {
            rows = rows.subList(0, PAGE_SIZE);
            older = rows.get(PAGE_SIZE - 1).id();
        }
        List<IdentityLink> links = identityLinks(agencyId);
        audit.record(new AuditRecord(AuditAction.LIST, "access-log", null, filter.clientId(), List.of(), List.of(),
                Purpose.PRIVACY_REVIEW, true, filter.describe() + (filter.beforeId() == null ? "" : ", before " + filter.beforeId())
                        + "; " + rows.size() + " entries; " + links.size() + " identity links"));
        return new Page(rows, older, links);
    }

    /** The filtered entries (ignoring the page position) for a CSV download, audited as an export. */
    @Transactional
    public Export export(AccessLogFilter filter) {
        long agencyId = Officers.agencyId(user);
        AccessLogFilter whole = AccessLogFilter.parse(filter.user(), filter.client(), filter.action(), filter.from(), filter.to(),
                filter.outcome(), null);
        List<Entry> rows = query(agencyId, whole, EXPORT_LIMIT + 1);
        boolean truncated = rows.size() > EXPORT_LIMIT;
        if (truncated) {
            rows = rows.subList(0, EXPORT_LIMIT);
        }
        audit.record(new AuditRecord(AuditAction.EXPORT, "access-log", null, whole.clientId(), List.of(), List.of(),
                Purpose.PRIVACY_REVIEW, true, whole.describe() + "; " + rows.size() + " entries as CSV"
                        + (truncated ? " (first " + EXPORT_LIMIT + " of more)" : "")));
        return new Export(rows, truncated);
    }

    /**
     * The newest care relationships with the agency's clients that an identity match made (by strong
     * identifier or a steward's confirmation), whichever agency gained them; shown with the page.
     */
    private List<IdentityLink> identityLinks(long agencyId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT r.client_id, r.agency_id, r.linked_by, r.confirmed_by, r.confirmed_at FROM care_relationship r
                WHERE r.linked_by <> 'identifier'
                  AND EXISTS (SELECT 1 FROM care_relationship m WHERE m.client_id = r.client_id AND m.agency_id = :mine)
                ORDER BY r.confirmed_at DESC, r.client_id DESC LIMIT :limit""")
                .setParameter("mine", agencyId).setParameter("limit", IDENTITY_LINK_LIMIT).getResultList();
        return rows.stream().map(r -> new IdentityLink(SqlValues.id(r[0]), Officers.agencyName(agencies, SqlValues.id(r[1])),
                (String) r[2], (String) r[3], SqlValues.instant(r[4]))).toList();
    }

    private List<Entry> query(long agencyId, AccessLogFilter filter, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder conditions = new StringBuilder();
        if (!filter.user().isEmpty()) {
            // exact or prefix: "responder" finds responder.eastside; LIKE's own wildcards are escaped
            conditions.append(" AND a.username LIKE :userPrefix ESCAPE '!'");
            params.put("userPrefix", filter.user().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (filter.clientId() != null) {
            conditions.append(" AND a.client_id = :client");
            params.put("client", filter.clientId());
        }
        if (!filter.action().isEmpty()) {
            conditions.append(" AND a.action = :action");
            params.put("action", filter.action());
        }
        if (filter.fromDate() != null) {
            conditions.append(" AND a.at >= :from");
            params.put("from", filter.fromInstant());
        }
        if (filter.toDate() != null) {
            conditions.append(" AND a.at < :to");
            params.put("to", filter.toInstant());
        }
        if (!filter.outcome().isEmpty()) {
            conditions.append(" AND a.outcome = :outcome");
            params.put("outcome", filter.outcome());
        }
        if (filter.beforeId() != null) {
            conditions.append(" AND a.id < :before");
            params.put("before", filter.beforeId());
        }
        Query query = em.createNativeQuery("""
                SELECT e.id, e.at, e.username, e.agency_id, array_to_string(e.roles, ','), e.action, e.resource_type, e.resource_id,
                       e.client_id, array_to_string(e.fields_shown, ', '), e.purpose, e.outcome, e.reason
                FROM audit_entry e
                WHERE e.id IN (
                    (SELECT a.id FROM audit_entry a WHERE a.agency_id = :mine %1$s ORDER BY a.id DESC LIMIT :limit)
                    UNION
                    (SELECT a.id FROM audit_entry a JOIN care_relationship r ON r.client_id = a.client_id AND r.agency_id = :mine
                     WHERE a.client_id IS NOT NULL %1$s ORDER BY a.id DESC LIMIT :limit))
                ORDER BY e.id DESC
                LIMIT :limit""".formatted(conditions))
                .setParameter("mine", agencyId).setParameter("limit", limit);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Long agency = r[3] == null ? null : SqlValues.id(r[3]);
            entries.add(new Entry(SqlValues.id(r[0]), SqlValues.instant(r[1]), (String) r[2],
                    agency == null ? "" : Officers.agencyName(agencies, agency), roleLabels((String) r[4]), (String) r[5],
                    (String) r[6], (String) r[7], r[8] == null ? null : SqlValues.id(r[8]), (String) r[9], (String) r[10],
                    (String) r[11], (String) r[12]));
        }
        return entries;
    }

    private static String roleLabels(String keycloakNames) {
        if (keycloakNames == null || keycloakNames.isEmpty()) {
            return "";
        }
        return Arrays.stream(keycloakNames.split(","))
                .map(name -> Role.fromKeycloak(name).map(role -> role.label).orElse(name))
                .collect(Collectors.joining(", "));
    }
}
