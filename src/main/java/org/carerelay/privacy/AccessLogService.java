package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.access.Role;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.clients.CareRelationships.LinkedBy;

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

        /** Confirmed by an identity steward (else linked by a strong identifier). */
        public boolean bySteward() {
            return LinkedBy.IDENTITY_STEWARD.code.equals(linkedBy);
        }
    }

    public static final int IDENTITY_LINK_LIMIT = 100;

    /** One page: its entries, and the id to continue from when there are older ones (else null). */
    public record Page(List<Entry> entries, Long olderBefore, List<IdentityLink> identityLinks) {
    }

    /** An export: at most {@link #EXPORT_LIMIT} entries, and whether more matched. */
    public record Export(List<Entry> entries, boolean truncated) {
    }

    @Inject
    AccessLogStore store;

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
        audit.record(AuditRecord.listAbout("access-log", filter.clientId(), Purpose.PRIVACY_REVIEW,
                filter.describe() + (filter.beforeId() == null ? "" : ", before " + filter.beforeId())
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
        audit.record(AuditRecord.export("access-log", null, whole.clientId(), Purpose.PRIVACY_REVIEW,
                whole.describe() + "; " + rows.size() + " entries as CSV"
                        + (truncated ? " (first " + EXPORT_LIMIT + " of more)" : "")));
        return new Export(rows, truncated);
    }

    /**
     * The newest care relationships with the agency's clients that an identity match made (by strong
     * identifier or a steward's confirmation), whichever agency gained them; shown with the page.
     */
    private List<IdentityLink> identityLinks(long agencyId) {
        return store.identityLinks(agencyId, IDENTITY_LINK_LIMIT).stream().map(l -> new IdentityLink(l.clientId(),
                Officers.agencyName(agencies, l.agencyId()), l.linkedBy(), l.confirmedBy(), l.confirmedAt())).toList();
    }

    private List<Entry> query(long agencyId, AccessLogFilter filter, int limit) {
        return store.entries(agencyId, filter, limit).stream().map(e -> new Entry(e.id(), e.at(), e.username(),
                Officers.agencyName(agencies, e.agencyId()), roleLabels(e.roles()), e.action(), e.resourceType(), e.resourceId(),
                e.clientId(), e.fieldsShown(), e.purpose(), e.outcome(), e.reason())).toList();
    }

    private static String roleLabels(List<String> keycloakNames) {
        return keycloakNames.stream().map(name -> Role.fromKeycloak(name).map(role -> role.label).orElse(name))
                .collect(Collectors.joining(", "));
    }
}
