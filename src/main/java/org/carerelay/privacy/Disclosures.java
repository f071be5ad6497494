package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.BreakGlass;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.clients.Client;
import org.carerelay.sharing.LegalBasis;
import org.carerelay.sql.SqlValues;

/**
 * The accounting of disclosures for one client: every delivery of their information to another
 * agency (what was shared, to whom, from whom, under which legal basis and for which purpose), and
 * every emergency access to their record. One query for the deliveries, one for the emergency
 * accesses; event types and agency names come from memory. Only for privacy officers of an agency
 * that holds the client's records, and audited.
 */
@ApplicationScoped
public class Disclosures {

    public static final String MINIMUM_NOTICE = "minimum notice (no details)";
    static final int LIMIT = 5000;

    /** One disclosure: a delivery, or an emergency access ({@code kind} "emergency_access"). */
    public record Disclosure(String kind, long reference, Instant at, String recipient, String source, String description,
            String legalBasisCode, String legalBasis, String purpose, String agreement) {

        public boolean emergency() {
            return "emergency_access".equals(kind);
        }
    }

    /** The accounting: the client, the disclosures newest first, and whether the list was cut at {@link #LIMIT}. */
    public record Accounting(long clientId, String clientName, LocalDate birthDate, List<Disclosure> disclosures,
            boolean truncated) {
    }

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Inject
    Catalogue catalogue;

    @Inject
    AgencyDirectory agencies;

    /** The accounting as a page (audited as a view). */
    @Transactional
    public Accounting view(long clientId) {
        access.requirePrivacyReview(clientId, "disclosures");
        Accounting accounting = load(clientId);
        audit.record(AuditRecord.view("disclosures", clientId, clientId, List.of(), List.of(), Purpose.PRIVACY_REVIEW));
        return accounting;
    }

    /** The accounting for a CSV download (audited as an export). */
    @Transactional
    public Accounting export(long clientId) {
        access.requirePrivacyReview(clientId, "disclosures");
        Accounting accounting = load(clientId);
        audit.record(AuditRecord.export("disclosures", clientId, clientId, Purpose.PRIVACY_REVIEW,
                accounting.disclosures().size() + " disclosures as CSV"));
        return accounting;
    }

    private Accounting load(long clientId) {
        Client client = Client.findById(clientId);
        List<Disclosure> all = new ArrayList<>(deliveries(clientId));
        all.addAll(emergencyAccesses(clientId));
        all.sort(Comparator.comparing(Disclosure::at).reversed().thenComparing(Comparator.comparing(Disclosure::reference).reversed()));
        boolean truncated = all.size() > LIMIT;
        return new Accounting(clientId, client.displayName(), client.birthDate, truncated ? all.subList(0, LIMIT) : all, truncated);
    }

    @SuppressWarnings("unchecked")
    private List<Disclosure> deliveries(long clientId) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT d.id, d.created_at, d.recipient_agency_id, e.source_agency_id, t.id, t.title,
                       array_to_string(d.shared_fields, ','), d.minimum_notice, a.legal_basis, a.purpose, a.code, a.title
                FROM delivery d
                JOIN shared_event e ON e.id = d.event_id
                JOIN event_type t ON t.id = e.event_type_id
                JOIN sharing_agreement a ON a.id = d.agreement_id
                WHERE d.client_id = :client
                ORDER BY d.created_at DESC, d.id DESC
                LIMIT :limit""").setParameter("client", clientId).setParameter("limit", LIMIT + 1).getResultList();
        List<Disclosure> disclosures = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            String basis = (String) r[8];
            disclosures.add(new Disclosure("delivery", SqlValues.id(r[0]), SqlValues.instant(r[1]),
                    Officers.agencyName(agencies, SqlValues.id(r[2])), Officers.agencyName(agencies, SqlValues.id(r[3])),
                    describe(SqlValues.id(r[4]), (String) r[5], (String) r[6], Boolean.TRUE.equals(r[7])),
                    basis, LegalBasis.of(basis).map(b -> b.label).orElse(basis), (String) r[9], r[11] + " (" + r[10] + ")"));
        }
        return disclosures;
    }

    @SuppressWarnings("unchecked")
    private List<Disclosure> emergencyAccesses(long clientId) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT g.id, g.granted_at, g.username, g.agency_id, g.reason_category, g.justification, g.review_outcome
                FROM break_glass_grant g WHERE g.client_id = :client
                ORDER BY g.granted_at DESC, g.id DESC LIMIT :limit""")
                .setParameter("client", clientId).setParameter("limit", LIMIT + 1).getResultList();
        List<Disclosure> disclosures = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            String agency = Officers.agencyName(agencies, SqlValues.id(r[3]));
            String reason = BreakGlass.REASONS.getOrDefault((String) r[4], (String) r[4]);
            String review = r[6] == null ? "not yet reviewed" : "reviewed: " + ((String) r[6]).replace('_', ' ');
            disclosures.add(new Disclosure("emergency_access", SqlValues.id(r[0]), SqlValues.instant(r[1]), agency, "",
                    "emergency access by " + r[2] + " of " + agency + " (" + review + ")", "break_glass",
                    "Emergency access (break-glass): " + reason, (String) r[5], ""));
        }
        return disclosures;
    }

    /** "Symptom deterioration: Symptom, Severity" or "Symptom deterioration: minimum notice (no details)". */
    private String describe(long eventTypeId, String title, String sharedFields, boolean minimumNotice) {
        if (minimumNotice || sharedFields == null || sharedFields.isEmpty()) {
            return title + ": " + MINIMUM_NOTICE;
        }
        EventType type = catalogue.version(eventTypeId);
        Map<String, String> labels = type == null ? Map.of()
                : type.fields.stream().collect(Collectors.toMap(FieldDefinition::name, FieldDefinition::label, (a, b) -> a));
        return title + ": " + Arrays.stream(sharedFields.split(",")).map(f -> labels.getOrDefault(f, f))
                .collect(Collectors.joining(", "));
    }
}
