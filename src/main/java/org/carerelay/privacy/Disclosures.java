package org.carerelay.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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

        static final String DELIVERY = "delivery";
        static final String EMERGENCY_ACCESS = "emergency_access";
        static final String URGENT_NOTICE = "urgent_notice";

        public boolean emergency() {
            return EMERGENCY_ACCESS.equals(kind);
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
    DisclosureStore deliveryStore;

    @Inject
    BreakGlassGrantStore grants;

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
        all.addAll(urgentNotices(clientId));
        all.sort(Comparator.comparing(Disclosure::at).reversed().thenComparing(Comparator.comparing(Disclosure::reference).reversed()));
        boolean truncated = all.size() > LIMIT;
        return new Accounting(clientId, client.displayName(), client.birthDate, truncated ? all.subList(0, LIMIT) : all, truncated);
    }

    private List<Disclosure> deliveries(long clientId) {
        return deliveryStore.deliveries(clientId, LIMIT + 1).stream().map(d -> new Disclosure(Disclosure.DELIVERY, d.id(), d.createdAt(),
                Officers.agencyName(agencies, d.recipientAgencyId()), Officers.agencyName(agencies, d.sourceAgencyId()),
                describe(d.eventTypeId(), d.eventTitle(), d.sharedFields(), d.minimumNotice()), d.legalBasis(),
                LegalBasis.of(d.legalBasis()).map(b -> b.label).orElse(d.legalBasis()), d.purpose(),
                d.agreementTitle() + " (" + d.agreementCode() + ")")).toList();
    }

    private List<Disclosure> emergencyAccesses(long clientId) {
        return grants.forClient(clientId, LIMIT + 1).stream().map(g -> {
            String agency = Officers.agencyName(agencies, g.agencyId());
            String reason = BreakGlass.REASONS.getOrDefault(g.reasonCategory(), g.reasonCategory());
            String review = g.reviewOutcome().map(o -> "reviewed: " + o.code.replace('_', ' ')).orElse("not yet reviewed");
            return new Disclosure(Disclosure.EMERGENCY_ACCESS, g.id(), g.grantedAt(), agency, "",
                    "emergency access by " + g.username() + " of " + agency + " (" + review + ")", Purpose.BREAK_GLASS.code,
                    "Emergency access (break-glass): " + reason, g.justification(), "");
        }).toList();
    }

    /** Urgent notices by email (issue 16): counted only as notices, since the message holds no client data. */
    private List<Disclosure> urgentNotices(long clientId) {
        return deliveryStore.notices(clientId, LIMIT + 1).stream().map(n -> {
            String agency = Officers.agencyName(agencies, n.agencyId());
            String role = org.carerelay.notify.Stage.ofNumber(n.stage()).map(s -> s.role).orElse("contact");
            return new Disclosure(Disclosure.URGENT_NOTICE, n.id(), n.sentAt(), n.address() + " (" + role + " of " + agency + ", by email)",
                    agency, "Notice that an urgent item (delivery " + n.deliveryId() + ") was waiting: no client details", "notice",
                    "Notice only: no client data disclosed", "care delivery", "");
        }).toList();
    }

    /** "Symptom deterioration: Symptom, Severity" or "Symptom deterioration: minimum notice (no details)". */
    private String describe(long eventTypeId, String title, List<String> sharedFields, boolean minimumNotice) {
        if (minimumNotice || sharedFields.isEmpty()) {
            return title + ": " + MINIMUM_NOTICE;
        }
        EventType type = catalogue.version(eventTypeId);
        Map<String, String> labels = type == null ? Map.of()
                : type.fields.stream().collect(Collectors.toMap(FieldDefinition::name, FieldDefinition::label, (a, b) -> a));
        return title + ": " + sharedFields.stream().map(f -> labels.getOrDefault(f, f))
                .collect(Collectors.joining(", "));
    }
}
