package org.carerelay.fhir.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.Urgency;
import org.carerelay.clients.StrongIdentifier;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.fhir.event.FieldValues;
import org.carerelay.fhir.intake.RequestParts.Located;
import org.carerelay.fhir.terminology.Terminology;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * An event expressed in FHIR, read into the body the JSON API takes ({@code type, client, occurredAt,
 * urgency, data}), so that the same validator, routing, consent and ingest apply. Every problem is
 * named by its FHIRPath; a requester or sender other than the caller's agency is kept apart (403).
 * Pure: no database.
 */
final class IncomingEvent {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Strong identifiers on a Patient: {@code …/sid/medicaid}, {@code …/sid/medicare-mbi}. */
    static final String STRONG_ID = FhirUrls.SID;
    /** The event type a discharge handover is shared as: its parts come as the transaction's other entries. */
    static final String HANDOVER = org.carerelay.handover.HandoverService.EVENT_TYPE;

    /** What was read: the API body, where each of its fields came from, and what only the service can check. */
    record Read(ObjectNode body, Map<String, String> paths, String fallbackPath, Long existingClientId, String patientPath,
            String ownerSlug, String ownerPath, List<Identifier> identifiers, List<FieldError> invalid, List<FieldError> forbidden) {

        /** The FHIRPath of an API field ("data.riskLevel" → the Observation carrying it). */
        String pathOf(String apiField) {
            String field = apiField;
            while (true) {
                if (paths.containsKey(field)) {
                    return paths.get(field);
                }
                int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
                if (cut < 0) {
                    return fallbackPath;
                }
                field = field.substring(0, cut);
            }
        }
    }

    private final RequestParts parts;
    private final String callerSlug;
    private final Function<String, Optional<EventType>> catalogue;
    private final ObjectNode body = JSON.createObjectNode();
    private final Map<String, String> paths = new HashMap<>();
    private final List<FieldError> invalid = new ArrayList<>();
    private final List<FieldError> forbidden = new ArrayList<>();

    private IncomingEvent(RequestParts parts, String callerSlug, Function<String, Optional<EventType>> catalogue) {
        this.parts = parts;
        this.callerSlug = callerSlug;
        this.catalogue = catalogue;
    }

    static Read read(RequestParts parts, List<FieldError> structural, String callerSlug, Function<String, Optional<EventType>> catalogue) {
        IncomingEvent in = new IncomingEvent(parts, callerSlug, catalogue);
        in.invalid.addAll(structural);
        return in.read();
    }

    private Read read() {
        Located focus = parts.focus;
        if (focus == null) {
            return result(null, null, null, null, List.of(), "Bundle.entry");
        }
        DomainResource event = (DomainResource) focus.resource();
        boolean request = event instanceof ServiceRequest;
        String at = focus.path();
        EventType type = type(request ? ((ServiceRequest) event).getCode() : ((Communication) event).getCategoryFirstRep(),
                at + (request ? ".code" : ".category"));
        boolean handover = parts.handover();
        Instant occurred = handover ? noOccurrence(event, at) : occurredAt(event, at);
        urgency(event, type, at);
        due(event, type, occurred, at);
        Reference subject = request ? ((ServiceRequest) event).getSubject() : ((Communication) event).getSubject();
        requireCaller(request ? ((ServiceRequest) event).getRequester() : ((Communication) event).getSender(),
                at + (request ? ".requester" : ".sender"));
        List<Identifier> identifiers = new ArrayList<>(identifiers(event instanceof ServiceRequest sr ? sr.getIdentifier()
                : ((Communication) event).getIdentifier(), at));
        String ownerSlug = null;
        if (parts.task != null) {
            Task task = (Task) parts.task.resource();
            task(task, subject);
            identifiers.addAll(identifiers(task.getIdentifier(), parts.task.path()));
            if (task.hasOwner()) {
                ownerSlug = agencySlug(task.getOwner());
                if (ownerSlug == null) {
                    invalid.add(new FieldError(parts.task.path() + ".owner", "must be an Organization (Organization/{agency}); "
                            + "CareRelay gives a delivery to a person only through the recipient's own work"));
                }
            }
        }
        Long existingClient = client(subject, at + ".subject");
        if (handover) {
            body.putObject("data"); // the parts are the transaction's other entries (IncomingHandover)
        } else {
            fields(event, type, at);
        }
        paths.put("type", at + (request ? ".code" : ".category"));
        paths.put("occurredAt", at + (request ? ".occurrence" : ".sent"));
        paths.put("urgency", at + (request ? ".priority" : ".category"));
        paths.put("data", at + (request ? ".supportingInfo" : ".payload"));
        return result(existingClient, patientPath, ownerSlug, parts.task == null ? null : parts.task.path() + ".owner", identifiers, at);
    }

    private String patientPath;

    private Read result(Long existingClient, String patientPath, String ownerSlug, String ownerPath, List<Identifier> identifiers, String fallback) {
        return new Read(body, paths, fallback, existingClient, patientPath, ownerSlug, ownerPath, identifiers, invalid, forbidden);
    }

    private EventType type(CodeableConcept concept, String at) {
        Coding coding = concept.getCoding().stream().filter(c -> Terminology.url(Terminology.EVENT_TYPE).equals(c.getSystem()))
                .findFirst().orElse(null);
        if (coding == null || !coding.hasCode()) {
            invalid.add(new FieldError(at, "required: the event type, a code of " + Terminology.url(Terminology.EVENT_TYPE)));
            return null;
        }
        body.put("type", coding.getCode());
        EventType type = catalogue.apply(coding.getCode()).orElse(null);
        if (type == null) {
            invalid.add(new FieldError(at, "unknown event type " + coding.getCode() + "; see CodeSystem/" + Terminology.EVENT_TYPE));
        }
        return type;
    }

    /** A discharge handover is dated when CareRelay receives it, as on {@code POST /api/v1/handovers}: no occurrence is taken. */
    private Instant noOccurrence(DomainResource event, String at) {
        if (event instanceof ServiceRequest sr && sr.hasOccurrence()) {
            invalid.add(new FieldError(at + ".occurrence", "leave it out: a discharge handover is dated when CareRelay receives it, "
                    + "and each action item's due time is that plus its window"));
        }
        return null;
    }

    private Instant occurredAt(DomainResource event, String at) {
        DateTimeType when = null;
        String path = at + ".sent";
        if (event instanceof ServiceRequest sr) {
            path = at + ".occurrence";
            if (sr.hasOccurrencePeriod() && sr.getOccurrencePeriod().hasStart()) {
                when = sr.getOccurrencePeriod().getStartElement();
            } else if (sr.hasOccurrenceDateTimeType()) {
                when = sr.getOccurrenceDateTimeType();
            }
        } else if (((Communication) event).hasSent()) {
            when = ((Communication) event).getSentElement();
        }
        if (when == null || !when.hasValue()) {
            invalid.add(new FieldError(path, "required: when it happened, a dateTime with time and zone"
                    + (event instanceof ServiceRequest ? " (occurrencePeriod.start)" : "")));
            return null;
        }
        if (when.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND.ordinal() || when.getTimeZone() == null) {
            invalid.add(new FieldError(path, "must be a dateTime with seconds and a time zone, e.g. 2026-11-25T09:30:00Z"));
            return null;
        }
        Instant occurred = when.getValue().toInstant();
        body.put("occurredAt", occurred.toString());
        return occurred;
    }

    /** ServiceRequest: urgent (or asap, stat) is urgent review, routine routine follow-up; absent, the type's default. A Communication is information only. */
    private void urgency(DomainResource event, EventType type, String at) {
        Urgency urgency;
        if (event instanceof ServiceRequest sr) {
            ServiceRequest.ServiceRequestPriority priority = sr.getPriority();
            if (priority == null && parts.task != null && ((Task) parts.task.resource()).hasPriority()) {
                priority = ServiceRequest.ServiceRequestPriority.fromCode(((Task) parts.task.resource()).getPriority().toCode());
            }
            if (priority == null) {
                urgency = type == null || type.defaultUrgency() == Urgency.INFORMATION_ONLY ? Urgency.ROUTINE_FOLLOW_UP : type.defaultUrgency();
            } else {
                urgency = priority == ServiceRequest.ServiceRequestPriority.ROUTINE ? Urgency.ROUTINE_FOLLOW_UP : Urgency.URGENT_REVIEW;
            }
            if (parts.task != null && ((Task) parts.task.resource()).hasPriority() && sr.hasPriority()
                    && !((Task) parts.task.resource()).getPriority().toCode().equals(sr.getPriority().toCode())) {
                invalid.add(new FieldError(parts.task.path() + ".priority", "differs from the event's priority (" + sr.getPriority().toCode() + ")"));
            }
        } else {
            urgency = Urgency.INFORMATION_ONLY;
            Communication c = (Communication) event;
            if (c.hasPriority() && c.getPriority() != Communication.CommunicationPriority.ROUTINE) {
                invalid.add(new FieldError(at + ".priority", "a Communication is information only; to ask for an urgent review send a ServiceRequest"));
            }
        }
        body.put("urgency", urgency.code);
    }

    /** A due time, when given, must be the one CareRelay sets: the event's time plus the type's action window. */
    private void due(DomainResource event, EventType type, Instant occurred, String at) {
        if (type == null || occurred == null) {
            return;
        }
        Instant expected = occurred.plus(Duration.ofHours(type.windowHours));
        if (event instanceof ServiceRequest sr && sr.hasOccurrencePeriod() && sr.getOccurrencePeriod().hasEnd()
                && !sr.getOccurrencePeriod().getEnd().toInstant().equals(expected)) {
            invalid.add(new FieldError(at + ".occurrence", "the end (due time) is the start plus " + type.code + "'s window of "
                    + type.windowHours + " hours: " + expected + ", or leave it out"));
        }
        if (parts.task != null) {
            Task task = (Task) parts.task.resource();
            if (task.hasRestriction() && task.getRestriction().getPeriod().hasEnd()
                    && !task.getRestriction().getPeriod().getEnd().toInstant().equals(expected)) {
                invalid.add(new FieldError(parts.task.path() + ".restriction", "the due time is the event's time plus " + type.code
                        + "'s window of " + type.windowHours + " hours: " + expected + ", or leave it out"));
            }
        }
    }

    private void task(Task task, Reference subject) {
        String at = parts.task.path();
        if (task.getStatus() != Task.TaskStatus.REQUESTED) {
            invalid.add(new FieldError(at + ".status", "a new Task is requested (the performer accepts it later), not "
                    + (task.getStatus() == null ? "empty" : task.getStatus().toCode())));
        }
        if (task.getIntent() != Task.TaskIntent.ORDER) {
            invalid.add(new FieldError(at + ".intent", "must be order"));
        }
        if (task.hasCode() && task.getCode().getCoding().stream().noneMatch(c -> "fulfill".equals(c.getCode()))) {
            invalid.add(new FieldError(at + ".code", "must be fulfill (task-code), or leave it out"));
        }
        requireCaller(task.getRequester(), at + ".requester");
        if (task.hasFor() && !task.getFor().getReference().equals(subject.getReference())) {
            invalid.add(new FieldError(at + ".for", "must be the event's subject (" + subject.getReference() + ")"));
        }
    }

    /** A requester or sender, when given, must be the caller's agency: the agency comes from the token only. */
    private void requireCaller(Reference reference, String at) {
        if (reference == null || reference.isEmpty()) {
            return;
        }
        String slug = agencySlug(reference);
        if (!callerSlug.equals(slug)) {
            forbidden.add(new FieldError(at, "must be your own agency (Organization/" + callerSlug + "), the one your token is for, not "
                    + (reference.hasReference() ? reference.getReference() : "another")));
        }
    }

    static String agencySlug(Reference reference) {
        if (reference.hasReference() && reference.getReference().startsWith("Organization/")) {
            return reference.getReference().substring("Organization/".length());
        }
        if (!reference.hasReference() && reference.hasIdentifier() && FhirUrls.AGENCY.equals(reference.getIdentifier().getSystem())) {
            return reference.getIdentifier().getValue();
        }
        return null;
    }

    private List<Identifier> identifiers(List<Identifier> given, String at) {
        List<Identifier> kept = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Identifier id = given.get(i);
            if (!id.hasSystem() || !id.hasValue()) {
                invalid.add(new FieldError(at + ".identifier[" + i + "]", "needs a system and a value"));
            } else if (id.getSystem().startsWith(FhirUrls.SID)) {
                invalid.add(new FieldError(at + ".identifier[" + i + "]", "CareRelay assigns its own identifiers; give yours in your own system"));
            } else if (id.getSystem().length() > 500 || id.getValue().length() > 200) {
                invalid.add(new FieldError(at + ".identifier[" + i + "]", "system at most 500 characters, value at most 200"));
            } else {
                kept.add(id);
            }
        }
        return kept;
    }

    /** The client: a Patient in the request (identity and your local identifier), or a reference to a client your agency knows. */
    private Long client(Reference subject, String at) {
        if (subject == null || !subject.hasReference()) {
            invalid.add(new FieldError(at, "required: the client, a Patient in the request or Patient/{id}"));
            return null;
        }
        Optional<Located> found = parts.resolve(subject);
        if (found.isEmpty()) {
            String ref = subject.getReference();
            if (ref.matches("Patient/\\d{1,18}")) {
                paths.put("client", at);
                return Long.parseLong(ref.substring("Patient/".length()));
            }
            invalid.add(new FieldError(at, "must be a Patient in the request (#id or an entry's fullUrl) or Patient/{id}, not " + ref));
            return null;
        }
        if (!(found.get().resource() instanceof Patient patient)) {
            invalid.add(new FieldError(at, "must reference a Patient, not a " + found.get().resource().fhirType()));
            return null;
        }
        patientPath = found.get().path();
        ObjectNode client = body.putObject("client");
        String local = FhirUrls.localId(callerSlug);
        ArrayNode strong = JSON.createArrayNode();
        for (Identifier id : patient.getIdentifier()) {
            if (local.equals(id.getSystem()) && id.hasValue()) {
                client.put("localId", id.getValue());
            } else if (id.hasSystem() && id.getSystem().startsWith(STRONG_ID)
                    && StrongIdentifier.IdentifierSystem.of(id.getSystem().substring(STRONG_ID.length())).isPresent()) {
                strong.addObject().put("system", id.getSystem().substring(STRONG_ID.length())).put("value", id.getValue());
            }
        }
        if (!client.has("localId")) {
            invalid.add(new FieldError(patientPath + ".identifier", "required: your local identifier for the client, system " + local));
        }
        if (!strong.isEmpty()) {
            client.set("identifiers", strong);
        }
        HumanName name = patient.getName().stream().filter(n -> n.hasFamily() && n.hasGiven()).findFirst().orElse(null);
        if (name != null) {
            client.put("givenName", name.getGiven().get(0).getValue());
            client.put("familyName", name.getFamily());
        }
        if (patient.hasBirthDate()) {
            client.put("birthDate", patient.getBirthDateElement().getValueAsString());
        }
        paths.put("client", patientPath);
        paths.put("client.localId", patientPath + ".identifier");
        paths.put("client.identifiers", patientPath + ".identifier");
        paths.put("client.givenName", patientPath + ".name.given");
        paths.put("client.familyName", patientPath + ".name.family");
        paths.put("client.birthDate", patientPath + ".birthDate");
        return null;
    }

    /** Each field: an Observation coded TYPE.field, referenced from supportingInfo (ServiceRequest) or payload (Communication). */
    private void fields(DomainResource event, EventType type, String at) {
        ObjectNode data = body.putObject("data");
        List<Reference> references = new ArrayList<>();
        List<String> referencePaths = new ArrayList<>();
        if (event instanceof ServiceRequest sr) {
            for (int i = 0; i < sr.getSupportingInfo().size(); i++) {
                references.add(sr.getSupportingInfo().get(i));
                referencePaths.add(at + ".supportingInfo[" + i + "]");
            }
        } else {
            List<Communication.CommunicationPayloadComponent> payload = ((Communication) event).getPayload();
            for (int i = 0; i < payload.size(); i++) {
                if (payload.get(i).hasContentReference()) {
                    references.add(payload.get(i).getContentReference());
                    referencePaths.add(at + ".payload[" + i + "]");
                } else {
                    invalid.add(new FieldError(at + ".payload[" + i + "]", "send each field as a contained Observation (contentReference #id)"));
                }
            }
        }
        for (int i = 0; i < references.size(); i++) {
            Optional<Located> found = parts.resolve(references.get(i));
            if (found.isEmpty() || !(found.get().resource() instanceof Observation observation)) {
                invalid.add(new FieldError(referencePaths.get(i), "must reference a contained Observation (#id) carrying one field"));
                continue;
            }
            if (type != null) {
                field(observation, found.get().path(), type, data);
            }
        }
    }

    private void field(Observation observation, String at, EventType type, ObjectNode data) {
        String prefix = type.code + ".";
        Coding code = observation.getCode().getCoding().stream().filter(c -> Terminology.url(Terminology.EVENT_FIELD).equals(c.getSystem()))
                .findFirst().orElse(null);
        if (code == null || code.getCode() == null || !code.getCode().startsWith(prefix)) {
            invalid.add(new FieldError(at + ".code", "must be a field of " + type.code + " (" + prefix + "{field} in "
                    + Terminology.url(Terminology.EVENT_FIELD) + ")"));
            return;
        }
        String name = code.getCode().substring(prefix.length());
        FieldDefinition field = type.fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        if (field == null) {
            invalid.add(new FieldError(at + ".code", "not a field of " + type.code + "; fields: " + String.join(", ", type.fieldNames())));
            return;
        }
        if (data.has(name)) {
            invalid.add(new FieldError(at + ".code", "the field " + name + " is given twice"));
            return;
        }
        Optional<Object> value = FieldValues.fromFhir(type.code, field, observation);
        String valuePath = at + (field.fieldType() == org.carerelay.catalogue.FieldType.LIST ? ".component" : ".value");
        paths.put("data." + name, valuePath);
        if (value.isEmpty()) {
            invalid.add(new FieldError(valuePath, "must carry a " + field.type() + " value for " + field.label()
                    + (field.values() == null || field.values().isEmpty() ? "" : " (one of " + String.join(", ", field.values()) + ")")));
            return;
        }
        data.set(name, JSON.valueToTree(value.get()));
    }
}
