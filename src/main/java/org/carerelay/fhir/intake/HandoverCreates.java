package org.carerelay.fhir.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.fhir.intake.EventCreates.Condition;
import org.carerelay.fhir.intake.EventCreates.Created;
import org.carerelay.handover.Handover;
import org.carerelay.handover.HandoverDocument;
import org.carerelay.handover.HandoverService;
import org.carerelay.partnerapi.IdempotentWrites;
import org.carerelay.partnerapi.PartnerCaller;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * Creates a discharge handover posted in FHIR (a transaction with its parts, see {@link IncomingHandover}) through
 * the same path as {@code POST /api/v1/handovers}: the same checks (their problems named by FHIRPath), then, in one
 * transaction, the handover shared as its DISCHARGE_HANDOVER event, its action items, the automatic query when it
 * is incomplete, the partner's business identifiers and the Idempotency-Key claim. A conditional create that finds
 * its handover returns it and stores nothing.
 */
@ApplicationScoped
public class HandoverCreates {

    @Inject
    EventCreates events;

    @Inject
    HandoverService handovers;

    @Inject
    IdempotentWrites idempotent;

    @Inject
    IntakeStore store;

    @Inject
    PartnerCaller caller;

    @Inject
    ObjectMapper json;

    @Transactional
    public Created create(IncomingEvent.Read read, IncomingHandover.Parts parts, String operation, JsonNode rawBody, String idempotencyKey,
            Condition condition) {
        long agencyId = caller.agency().id();
        read.invalid().addAll(parts.invalid());
        events.check(read, agencyId);
        HandoverDocument document = parts.document(person(read.body()), read.body().path("urgency").asText(null));
        try {
            handovers.check(document, agencyId);
        } catch (ProblemException e) {
            throw EventCreates.unprocessable(located(e.errors, read, parts.paths()));
        }
        if (idempotencyKey == null) {
            return write(read, parts, document, condition, agencyId);
        }
        IdempotentWrites.checkKey(idempotencyKey);
        IdempotentWrites.StoredResponse stored = idempotent.once(agencyId, idempotencyKey, operation, rawBody, 201,
                () -> write(read, parts, document, condition, agencyId));
        try {
            return json.readValue(stored.body(), Created.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored FHIR create that cannot be read back", e);
        }
    }

    private Created write(IncomingEvent.Read read, IncomingHandover.Parts parts, HandoverDocument document, Condition condition, long agencyId) {
        if (condition != null) {
            store.lockIdentifier(agencyId, condition.system(), condition.value());
            var existing = store.eventWithIdentifier(agencyId, condition.system(), condition.value());
            if (existing.isPresent()) {
                return events.created(existing.get(), read.ownerSlug(), true);
            }
        }
        Handover handover;
        try {
            handover = handovers.submit(document, caller.submitter());
        } catch (ProblemException e) {
            throw new ProblemException(e.status, e.type, e.title, e.getMessage(), located(e.errors, read, parts.paths()));
        }
        Created created = events.created(handover.eventId, read.ownerSlug(), false);
        events.recordIdentifiers(read, condition, agencyId, created);
        return created;
    }

    /** The client as the handover names it: from the Patient in the request (or the record, for Patient/{id}). */
    private static HandoverDocument.Person person(ObjectNode body) {
        JsonNode c = body.path("client");
        return c.isMissingNode() ? null : new HandoverDocument.Person(c.path("localId").asText(null), c.path("givenName").asText(null),
                c.path("familyName").asText(null), c.path("birthDate").asText(null));
    }

    /** The API's field names turned into the FHIRPath they were read from ("actionItems[1].windowHours" → its CarePlan activity). */
    private static List<FieldError> located(List<FieldError> errors, IncomingEvent.Read read, Map<String, String> paths) {
        List<FieldError> out = new ArrayList<>();
        for (FieldError e : errors) {
            String path = pathIn(paths, e.field());
            out.add(new FieldError(path != null ? path : read.pathOf(e.field()), e.field() + ": " + e.message()));
        }
        return out;
    }

    private static String pathIn(Map<String, String> paths, String field) {
        String f = field;
        while (true) {
            if (paths.containsKey(f)) {
                return paths.get(f);
            }
            int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
            if (cut < 0) {
                return null;
            }
            f = f.substring(0, cut);
        }
    }
}
