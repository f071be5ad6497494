package org.carerelay.handover;

import org.carerelay.access.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.clients.ClientMatcher.PersonDetails;
import org.carerelay.events.EventIngest;
import org.carerelay.events.EventSubmission;
import org.carerelay.raise.SourceAgreements;
import org.carerelay.web.ProblemException;

/**
 * Saves drafts and submits handovers. Submitting shares a DISCHARGE_HANDOVER event through the
 * exchange (same agreements, consent, deliveries and fan-out as any event), stores the structured
 * handover with its action items (due = submission time + each item's window) and, when required
 * parts are missing, flags it incomplete and raises a query to the source listing them. A
 * submitted handover is never edited in place: a correction is a new version.
 */
@ApplicationScoped
public class HandoverService {

    public static final String EVENT_TYPE = "DISCHARGE_HANDOVER";

    @Inject
    EntityManager em;

    @Inject
    HandoverStore store;

    @Inject
    HandoverQueryStore queries;

    @Inject
    EventIngest ingest;

    @Inject
    AgencyDirectory agencies;

    @Inject
    SourceAgreements agreements;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /**
     * The agencies an action item of this source's handover may name: those that receive its
     * discharge handovers (active sharing agreements), then the source itself.
     */
    public List<AgencyDirectory.AgencyRef> responsibleAgencies(long sourceAgencyId) {
        Set<Long> ids = new LinkedHashSet<>();
        agreements.activeFrom(sourceAgencyId).getOrDefault(EVENT_TYPE, List.of()).forEach(line -> ids.add(line.recipientAgencyId()));
        ids.add(sourceAgencyId);
        return ids.stream().map(agencies::find).flatMap(Optional::stream).toList();
    }

    /**
     * Checks the values (not completeness) of the source's handover; throws 400 naming each bad field,
     * storing nothing. An action item may name only an agency that receives the handover, or the
     * source. (A source that no agreement lets send handovers is refused as a whole when it submits: 422.)
     */
    public void check(HandoverDocument document, long sourceAgencyId) {
        List<AgencyDirectory.AgencyRef> allowed = responsibleAgencies(sourceAgencyId);
        Set<String> responsible = allowed.size() < 2 ? null : allowed.stream().map(AgencyDirectory.AgencyRef::slug).collect(Collectors.toSet());
        List<ProblemException.FieldError> errors = HandoverRules.errors(document, slug -> agencies.find(slug).isPresent(), responsible,
                LocalDate.now(clock));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() == 1 ? "One field is invalid." : errors.size() + " fields are invalid.", errors);
        }
    }

    /** Creates a draft, or replaces the document of the agency's own draft. */
    @Transactional
    public Handover saveDraft(Long draftId, HandoverDocument document, EventIngest.Submitter submitter) {
        check(document, submitter.agencyId());
        Instant now = clock.instant();
        Handover h = draftId == null ? new Handover() : ownDraft(draftId, submitter);
        if (draftId == null) {
            h.sourceAgencyId = submitter.agencyId();
            h.status = HandoverStatus.DRAFT;
            h.version = 1;
            h.createdBy = submitter.username();
            h.createdAt = now;
        }
        h.document = document;
        h.missing = HandoverRules.missing(document).toArray(String[]::new);
        h.incomplete = h.missing.length > 0;
        h.updatedAt = now;
        h.persist();
        audit.recordInTransaction(AuditRecord.write("handover", h.id, null, Purpose.CARE_DELIVERY, "draft saved"));
        return h;
    }

    /** Submits the agency's own draft. */
    @Transactional
    public Handover submitDraft(long draftId, EventIngest.Submitter submitter) {
        Handover draft = ownDraft(draftId, submitter);
        return share(draft, submitter, null);
    }

    /** Replaces the document of the agency's own draft and submits it, in one transaction (the form's "Submit" on a draft). */
    @Transactional
    public Handover submitDraft(long draftId, HandoverDocument document, EventIngest.Submitter submitter) {
        Handover draft = ownDraft(draftId, submitter);
        check(document, submitter.agencyId());
        draft.document = document;
        return share(draft, submitter, null);
    }

    /** The agency's own draft (404 for another agency's or none; 409 once submitted). */
    public Handover draft(long draftId, EventIngest.Submitter submitter) {
        return ownDraft(draftId, submitter);
    }

    /** The agency's drafts, most recently changed first. */
    public List<Handover> drafts(long agencyId) {
        return Handover.list("sourceAgencyId = ?1 and status = ?2 order by updatedAt desc", agencyId, HandoverStatus.DRAFT);
    }

    /** Submits a new handover in one step (the partner API, or the form without a draft). */
    @Transactional
    public Handover submit(HandoverDocument document, EventIngest.Submitter submitter) {
        check(document, submitter.agencyId());
        Handover h = new Handover();
        h.sourceAgencyId = submitter.agencyId();
        h.version = 1;
        h.createdBy = submitter.username();
        h.createdAt = clock.instant();
        h.document = document;
        return share(h, submitter, null);
    }

    /** Shares the handover: one event through the exchange, then the handover, its items and (if incomplete) a query. */
    Handover share(Handover h, EventIngest.Submitter submitter, Long previousId) {
        check(h.document, h.sourceAgencyId);
        Instant now = clock.instant();
        List<String> missing = HandoverRules.missing(h.document);
        HandoverDocument.Person p = h.document.client();
        EventIngest.Result result = ingest.ingest(new EventSubmission(EVENT_TYPE,
                new PersonDetails(p.localId(), p.givenName(), p.familyName(), LocalDate.parse(p.birthDate())),
                now, h.document.urgency(), eventData(h.document)), submitter);
        h.status = HandoverStatus.SUBMITTED;
        h.previousId = previousId;
        h.clientId = result.clientId();
        h.eventId = result.eventId();
        h.missing = missing.toArray(String[]::new);
        h.incomplete = !missing.isEmpty();
        h.submittedAt = now;
        h.updatedAt = now;
        h.persist();
        em.flush();
        List<HandoverDocument.ActionItem> items = h.document.items();
        for (int i = 0; i < items.size(); i++) {
            HandoverDocument.ActionItem item = items.get(i);
            store.addActionItem(h.id, i + 1, item, now.plus(Duration.ofHours(item.windowHours())),
                    agencies.find(item.responsibleAgency()).orElseThrow().id());
        }
        if (h.incomplete) {
            queries.raiseAutomatic(h.id, "This handover was shared without: " + HandoverRules.describe(missing)
                    + ". Please add them with a correction.", submitter.agencyId(), now);
        }
        audit.recordInTransaction(AuditRecord.write("handover", h.id, h.clientId, Purpose.CARE_DELIVERY,
                "submitted v" + h.version + (h.incomplete ? ", incomplete: " + HandoverRules.describe(missing) : "")));
        return h;
    }

    /** The summary the exchange shares as the DISCHARGE_HANDOVER event's data (catalogue field names). */
    static Map<String, Object> eventData(HandoverDocument d) {
        Map<String, Object> data = new LinkedHashMap<>();
        put(data, "dischargeDate", d.dischargeDate());
        put(data, "dischargeRecommendation", d.dischargeRecommendation());
        put(data, "triageNotes", d.triageNotes());
        if (!d.flags().isEmpty()) {
            data.put("medicationRiskFlags", d.flags().stream().map(HandoverDocument.MedicationFlag::summary).toList());
        }
        put(data, "mobilityConcerns", d.mobilityConcerns());
        if (!d.needs().isEmpty()) {
            data.put("followUpNeeds", d.needs());
        }
        put(data, "unresolvedConcerns", d.unresolvedConcerns());
        put(data, "symptomReportingExpectations", d.symptomReporting());
        return data;
    }

    private static void put(Map<String, Object> data, String key, String value) {
        if (value != null && !value.isBlank()) {
            data.put(key, value);
        }
    }

    private Handover ownDraft(long id, EventIngest.Submitter submitter) {
        Handover h = Handover.findById(id);
        if (h == null || h.sourceAgencyId != submitter.agencyId()) {
            throw ProblemException.notFound("No handover " + id + " of your agency.");
        }
        if (!h.isDraft()) {
            throw ProblemException.conflict("handover-submitted",
                    "This handover was submitted and cannot be edited; issue a correction instead.");
        }
        return h;
    }
}
