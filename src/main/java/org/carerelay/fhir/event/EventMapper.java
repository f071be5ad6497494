package org.carerelay.fhir.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.catalogue.Urgency;
import org.carerelay.events.SharedEvent;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.fhir.terminology.Terminology;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * One shared event as the viewer may see it: a ServiceRequest (something is asked of the recipient)
 * or a Communication (information only). Each visible field is a contained Observation (code
 * TYPE.field), referenced from {@code supportingInfo} or {@code payload}; a withheld field is absent,
 * never blank, and the reason it is withheld is a note (and the resource is labelled REDACTED).
 */
public final class EventMapper {

    /** What the resource is made of: the event, only the fields the viewer may see, and who it went to (as far as the viewer may know). */
    public record Source(SharedEvent event, EventType type, AgencyRef sender, List<AgencyRef> recipients, Map<String, Object> visibleData,
            String withheldReason, boolean completed) {
    }

    static final Coding REDACTED = new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "REDACTED", "redacted");

    private EventMapper() {
    }

    public static DomainResource toFhir(Source s) {
        return EventKind.of(s.event()) == EventKind.COMMUNICATION ? communication(s) : serviceRequest(s);
    }

    public static ServiceRequest serviceRequest(Source s) {
        SharedEvent e = s.event();
        ServiceRequest sr = new ServiceRequest();
        common(s, sr);
        sr.addIdentifier(identifier(e));
        sr.setStatus(s.completed() ? ServiceRequest.ServiceRequestStatus.COMPLETED : ServiceRequest.ServiceRequestStatus.ACTIVE);
        sr.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        sr.setPriority(Urgency.of(e.urgency).orElseThrow() == Urgency.URGENT_REVIEW
                ? ServiceRequest.ServiceRequestPriority.URGENT : ServiceRequest.ServiceRequestPriority.ROUTINE);
        sr.setCode(typeCode(s.type()));
        sr.setSubject(FhirUrls.patient(e.clientId));
        sr.getOccurrencePeriod().setStartElement(instant(e.occurredAt)).setEndElement(instant(due(s)));
        sr.setAuthoredOnElement(instant(e.receivedAt));
        sr.setRequester(FhirUrls.organization(s.sender()));
        s.recipients().forEach(r -> sr.addPerformer(FhirUrls.organization(r)));
        for (Observation field : fields(s)) {
            sr.addContained(field);
            sr.addSupportingInfo(new Reference("#" + field.getId()).setDisplay(field.getCode().getCodingFirstRep().getDisplay()));
        }
        if (s.withheldReason() != null) {
            sr.addNote().setText(s.withheldReason());
        }
        return sr;
    }

    public static Communication communication(Source s) {
        SharedEvent e = s.event();
        Communication c = new Communication();
        common(s, c);
        c.addIdentifier(identifier(e));
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addCategory(typeCode(s.type()));
        c.setPriority(Communication.CommunicationPriority.ROUTINE);
        c.setSubject(FhirUrls.patient(e.clientId));
        c.setSentElement(instant(e.occurredAt));
        c.setSender(FhirUrls.organization(s.sender()));
        s.recipients().forEach(r -> c.addRecipient(FhirUrls.organization(r)));
        for (Observation field : fields(s)) {
            c.addContained(field);
            c.addPayload().setContent(new Reference("#" + field.getId()).setDisplay(field.getCode().getCodingFirstRep().getDisplay()));
        }
        if (s.withheldReason() != null) {
            c.addNote().setText(s.withheldReason());
        }
        return c;
    }

    /** The due time of the event's deliveries: its time plus the type's action window. */
    public static Instant due(Source s) {
        return s.event().occurredAt.plus(Duration.ofHours(s.type().windowHours));
    }

    private static void common(Source s, DomainResource resource) {
        resource.setId(String.valueOf(s.event().id));
        Meta meta = resource.getMeta();
        meta.setLastUpdated(Date.from(s.event().receivedAt));
        meta.addSecurity(Terminology.coding(Terminology.SENSITIVITY, s.type().sensitivityCategory().code, s.type().sensitivityCategory().label));
        if (s.withheldReason() != null) {
            meta.addSecurity(REDACTED.copy());
        }
    }

    private static Identifier identifier(SharedEvent e) {
        return new Identifier().setSystem(FhirUrls.EVENT_ID).setValue(String.valueOf(e.id));
    }

    private static CodeableConcept typeCode(EventType type) {
        return new CodeableConcept(Terminology.coding(Terminology.EVENT_TYPE, type.code, type.title)).setText(type.title);
    }

    /** One contained Observation per visible field, in catalogue order. */
    static List<Observation> fields(Source s) {
        List<Observation> fields = new ArrayList<>();
        for (FieldDefinition field : s.type().fields) {
            if (!s.visibleData().containsKey(field.name())) {
                continue;
            }
            Observation o = new Observation();
            o.setId("field-" + field.name());
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.setCode(FieldValues.code(s.type().code, field));
            o.setSubject(FhirUrls.patient(s.event().clientId));
            o.setEffective(instant(s.event().occurredAt));
            o.addPerformer(FhirUrls.organization(s.sender()));
            FieldValues.toFhir(s.type().code, field, s.visibleData().get(field.name()), o);
            fields.add(o);
        }
        return fields;
    }

    /** An instant as a UTC dateTime (millisecond precision). */
    public static DateTimeType instant(Instant at) {
        DateTimeType value = new DateTimeType(Date.from(at), ca.uhn.fhir.model.api.TemporalPrecisionEnum.MILLI);
        value.setTimeZoneZulu(true);
        return value;
    }
}
