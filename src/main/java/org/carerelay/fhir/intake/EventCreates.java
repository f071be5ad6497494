package org.carerelay.fhir.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Urgency;
import org.carerelay.clients.Client;
import org.carerelay.events.EventIngest;
import org.carerelay.events.EventSubmission;
import org.carerelay.fhir.event.EventKind;
import org.carerelay.fhir.intake.IntakeStore.DeliveryRow;
import org.carerelay.partnerapi.IdempotentWrites;
import org.carerelay.partnerapi.PartnerCaller;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Creates an event posted in FHIR through the same path as {@code POST /api/v1/events}: the same
 * validator (its problems named by FHIRPath), then, in one transaction, the same routing, consent and
 * ingest, the partner's business identifiers, and the Idempotency-Key claim. A conditional create
 * ({@code If-None-Exist: identifier=system|value}) that finds its event returns it and stores nothing.
 */
@ApplicationScoped
public class EventCreates {

    public static final String AUDIT_TYPE = "fhir/Task";

    /** What a create made (or found): the event, its client, its Tasks (deliveries) and which Task the Location names. */
    public record Created(long eventId, long clientId, String eventType, List<Long> taskIds, List<String> agencies, Long locationTaskId,
            boolean existing, Long handoverId) {

        public String eventLocation() {
            return eventType + "/" + eventId;
        }
    }

    /** A conditional create's search: one identifier of the caller's. */
    public record Condition(String system, String value) {

        /** {@code identifier=system|value} (FHIR token search), the only condition served. */
        public static Condition parse(String header) {
            String h = header == null ? "" : header.trim().replaceFirst("^Task\\?", "");
            if (h.startsWith("identifier=") && h.indexOf('|') > "identifier=".length() && !h.contains("&")) {
                String token = java.net.URLDecoder.decode(h.substring("identifier=".length()), java.nio.charset.StandardCharsets.UTF_8);
                int bar = token.indexOf('|');
                if (bar > 0 && bar < token.length() - 1) {
                    return new Condition(token.substring(0, bar), token.substring(bar + 1));
                }
            }
            throw ProblemException.invalid("If-None-Exist takes one identifier: identifier=system|value.",
                    List.of(new FieldError("If-None-Exist", "must be identifier={system}|{value}, not '" + header + "'")));
        }
    }

    @Inject
    EventIngest ingest;

    @Inject
    IdempotentWrites idempotent;

    @Inject
    IntakeStore store;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    PartnerCaller caller;

    @Inject
    ObjectMapper json;

    @Transactional
    public Created create(IncomingEvent.Read read, String operation, JsonNode rawBody, String idempotencyKey, Condition condition) {
        long agencyId = caller.agency().id();
        check(read, agencyId);
        EventSubmission submission = validate(read);
        if (read.existingClientId() != null) {
            submission = submission.raisedFrom(read.existingClientId());
        }
        EventSubmission checked = submission;
        if (idempotencyKey == null) {
            return write(read, checked, condition, agencyId);
        }
        IdempotentWrites.checkKey(idempotencyKey);
        IdempotentWrites.StoredResponse stored = idempotent.once(agencyId, idempotencyKey, operation, rawBody, 201,
                () -> write(read, checked, condition, agencyId));
        try {
            return json.readValue(stored.body(), Created.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored FHIR create that cannot be read back", e);
        }
    }

    /**
     * What every FHIR create checks first: a requester or sender other than the caller (403, audited), any problem read from the
     * request (422), and a client referenced by id, which the caller's agency must know (404, audited); such a client's identity
     * is then filled in from the record.
     */
    void check(IncomingEvent.Read read, long agencyId) {
        if (!read.forbidden().isEmpty()) {
            audit.record(AuditRecord.denied(AUDIT_TYPE, null, null, Purpose.PARTNER_SYSTEM,
                    "a FHIR create naming another agency as requester or sender: " + read.forbidden().get(0).field()));
            throw new ProblemException(403, "forbidden", "Not your agency",
                    "The agency comes from your token: a requester or sender must be your own agency.", read.forbidden());
        }
        if (!read.invalid().isEmpty()) {
            throw unprocessable(read.invalid());
        }
        if (read.existingClientId() != null) {
            existingClient(read, agencyId);
        }
    }

    private Created write(IncomingEvent.Read read, EventSubmission submission, Condition condition, long agencyId) {
        if (condition != null) {
            store.lockIdentifier(agencyId, condition.system(), condition.value());
            var existing = store.eventWithIdentifier(agencyId, condition.system(), condition.value());
            if (existing.isPresent()) {
                return created(existing.get(), read.ownerSlug(), true);
            }
        }
        EventIngest.Result result;
        try {
            result = ingest.ingest(submission, caller.submitter());
        } catch (ProblemException e) {
            throw new ProblemException(e.status, e.type, e.title, e.getMessage(),
                    e.errors.stream().map(f -> new FieldError(read.pathOf(f.field()), f.message())).toList());
        }
        Created created = created(result.eventId(), read.ownerSlug(), false);
        recordIdentifiers(read, condition, agencyId, created);
        return created;
    }

    /** Checks the Task's owner against where the event went, and records the partner's identifiers for it (409 when one is taken). */
    void recordIdentifiers(IncomingEvent.Read read, Condition condition, long agencyId, Created created) {
        if (read.ownerSlug() != null && !created.agencies().contains(read.ownerSlug())) {
            throw unprocessable(List.of(new FieldError(read.ownerPath(), "the sharing agreements route this event to "
                    + (created.agencies().isEmpty() ? "no agency" : String.join(", ", created.agencies()))
                    + ", not " + read.ownerSlug() + "; name one of them as owner, or leave the owner out")));
        }
        List<Identifier> identifiers = new java.util.ArrayList<>(read.identifiers());
        if (condition != null && identifiers.stream().noneMatch(i -> i.getSystem().equals(condition.system()) && i.getValue().equals(condition.value()))) {
            identifiers.add(new Identifier().setSystem(condition.system()).setValue(condition.value()));
        }
        for (Identifier id : identifiers) {
            if (!store.addIdentifier(agencyId, id.getSystem(), id.getValue(), created.eventId())) {
                long other = store.eventWithIdentifier(agencyId, id.getSystem(), id.getValue()).orElseThrow();
                throw new ProblemException(409, "duplicate-identifier", "Identifier already used",
                        "Your agency already created an event with this identifier.", List.of(new FieldError(read.fallbackPath() + ".identifier",
                                id.getSystem() + "|" + id.getValue() + " already names event " + other
                                        + "; to create only once, send If-None-Exist: identifier=" + id.getSystem() + "|" + id.getValue())));
            }
        }
    }

    Created created(long eventId, String ownerSlug, boolean existing) {
        IntakeStore.EventRow event = store.event(eventId);
        List<DeliveryRow> deliveries = store.deliveries(eventId);
        Long location = deliveries.stream().filter(d -> d.agency().equals(ownerSlug)).map(DeliveryRow::deliveryId).findFirst()
                .orElse(deliveries.isEmpty() ? null : deliveries.get(0).deliveryId());
        return new Created(eventId, event.clientId(), EventKind.of(Urgency.of(event.urgency()).orElseThrow()).resourceType,
                deliveries.stream().map(DeliveryRow::deliveryId).toList(), deliveries.stream().map(DeliveryRow::agency).toList(), location,
                existing, store.handoverOf(eventId).orElse(null));
    }

    /** A client by reference: the caller's agency must know it (404, audited, otherwise) and have its own local identifier for it. */
    private void existingClient(IncomingEvent.Read read, long agencyId) {
        long clientId = read.existingClientId();
        String notFound = "No Patient " + clientId + " for your agency.";
        Client client = Client.findById(clientId);
        if (client == null) {
            throw access.refuseForPartner("fhir/Patient", clientId, null, "no such client (referenced by a FHIR create)", notFound);
        }
        access.requireClientForPartner(clientId, agencyId, "fhir/Patient", clientId, notFound);
        String localId = store.localId(clientId, agencyId).orElseThrow(() -> unprocessable(List.of(new FieldError(read.pathOf("client"),
                "your agency has no local identifier for Patient/" + clientId + "; send the Patient with your local identifier instead"))));
        read.body().putObject("client").put("localId", localId).put("givenName", client.givenName).put("familyName", client.familyName)
                .put("birthDate", client.birthDate.toString());
    }

    /** The JSON API's validator; its problems renamed to the FHIRPath they came from, as a business-rule refusal (422). */
    private EventSubmission validate(IncomingEvent.Read read) {
        try {
            return ingest.validator().validate(read.body());
        } catch (ProblemException e) {
            throw unprocessable(e.errors.stream().map(f -> new FieldError(read.pathOf(f.field()), f.field() + ": " + f.message())).toList());
        }
    }

    static ProblemException unprocessable(List<FieldError> errors) {
        return new ProblemException(422, "unprocessable", "Not a CareRelay event",
                errors.size() == 1 ? "The event has one problem." : "The event has " + errors.size() + " problems.", errors);
    }
}
