package org.carerelay.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.fhir.event.FieldValues;
import org.carerelay.harness.Browser;
import org.carerelay.harness.FhirApi;
import org.carerelay.harness.FhirValidation;
import org.carerelay.harness.PartnerTokens;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
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
 * Events the way a FHIR partner sends them, built with HAPI from the JSON API's test bodies
 * ({@code EventBodies}): the client as a Patient with the sender's local identifier, the event as a
 * ServiceRequest or Communication with each field a contained Observation, and a Task around them.
 */
final class FhirEvents {

    static final String CS = "https://carerelay.example.org/fhir/CodeSystem/";
    static final String SID = "https://carerelay.example.org/fhir/sid/";

    private FhirEvents() {
    }

    static Patient patient(JsonNode client, String senderAgency) {
        Patient p = new Patient();
        p.addIdentifier(new Identifier().setSystem(SID + "local-id/" + senderAgency).setValue(client.path("localId").asText()));
        p.addName(new HumanName().setFamily(client.path("familyName").asText()).addGiven(client.path("givenName").asText()));
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(client.path("birthDate").asText()));
        return p;
    }

    /** The event with its fields contained; {@code patient} is how it names the client (#client, a fullUrl, Patient/{id}). */
    static DomainResource event(String type, JsonNode body, JsonNode catalogueType, String patient) {
        boolean informationOnly = catalogueType.path("urgency").asText().equals("information_only");
        Instant occurred = Instant.parse(body.path("occurredAt").asText());
        CodeableConcept code = new CodeableConcept(new Coding(CS + "carerelay-event-type", type, null));
        DomainResource event;
        if (informationOnly) {
            Communication c = new Communication();
            c.setStatus(Communication.CommunicationStatus.COMPLETED).addCategory(code).setSubject(new Reference(patient));
            c.setSentElement(new DateTimeType(Date.from(occurred), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
            event = c;
        } else {
            ServiceRequest sr = new ServiceRequest();
            sr.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE).setIntent(ServiceRequest.ServiceRequestIntent.ORDER).setCode(code)
                    .setSubject(new Reference(patient));
            sr.setPriority(catalogueType.path("urgency").asText().equals("urgent_review") ? ServiceRequest.ServiceRequestPriority.URGENT
                    : ServiceRequest.ServiceRequestPriority.ROUTINE);
            sr.getOccurrencePeriod().setStartElement(new DateTimeType(Date.from(occurred), ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                    java.util.TimeZone.getTimeZone("UTC")));
            event = sr;
        }
        JsonNode data = body.path("data");
        for (JsonNode field : catalogueType.get("fields")) {
            String name = field.path("name").asText();
            if (!data.has(name)) {
                continue;
            }
            FieldDefinition definition = new FieldDefinition(name, field.path("label").asText(), field.path("type").asText(),
                    field.path("required").asBoolean(), null);
            Observation o = new Observation();
            o.setId("field-" + name);
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.setCode(FieldValues.code(type, definition));
            FieldValues.toFhir(type, definition, value(data.get(name)), o);
            event.addContained(o);
            if (event instanceof ServiceRequest sr) {
                sr.addSupportingInfo(new Reference("#field-" + name));
            } else {
                ((Communication) event).addPayload().setContent(new Reference("#field-" + name));
            }
        }
        return event;
    }

    private static Object value(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new java.util.ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            return items;
        }
        return node.isNumber() ? node.decimalValue() : node.isBoolean() ? node.asBoolean() : node.asText();
    }

    /** A Task with the event, its fields and the Patient contained (the shape POST /fhir/r4/Task takes). */
    static Task task(String type, JsonNode body, JsonNode catalogueType, String senderAgency) {
        DomainResource event = event(type, body, catalogueType, "#client");
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.setRequester(new Reference("Organization/" + senderAgency));
        Patient patient = patient(body.path("client"), senderAgency);
        patient.setId("client");
        task.addContained(patient);
        // the fields move to the Task (a contained resource contains nothing), still referenced from the event
        for (Iterator<org.hl7.fhir.r4.model.Resource> it = event.getContained().iterator(); it.hasNext();) {
            task.addContained(it.next());
        }
        event.getContained().clear();
        event.setId("event");
        task.addContained(event);
        task.setFocus(new Reference("#event"));
        task.setFor(new Reference("#client"));
        return task;
    }

    /** The same event as a transaction: a Task entry, the event entry (fields contained) and a Patient entry. */
    static Bundle transaction(String type, JsonNode body, JsonNode catalogueType, String senderAgency) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrl = "urn:uuid:" + java.util.UUID.randomUUID();
        String eventUrl = "urn:uuid:" + java.util.UUID.randomUUID();
        DomainResource event = event(type, body, catalogueType, patientUrl);
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.setFocus(new Reference(eventUrl)).setFor(new Reference(patientUrl));
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(task).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Task");
        bundle.addEntry().setFullUrl(eventUrl).setResource(event).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(event.fhirType());
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient(body.path("client"), senderAgency)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        return bundle;
    }

    static String json(IBaseResource resource) {
        return FhirValidation.context().newJsonParser().encodeResourceToString(resource);
    }

    static FhirApi.Reply send(String client, String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + path)).header("Accept", "application/fhir+json")
                .timeout(java.time.Duration.ofSeconds(60));
        if (client != null) {
            request.header("Authorization", "Bearer " + PartnerTokens.token(client));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return FhirApi.send(request.method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static FhirApi.Reply post(String client, String path, IBaseResource resource, Map<String, String> headers) {
        return send(client, "POST", path, "application/fhir+json", json(resource), headers);
    }
}
