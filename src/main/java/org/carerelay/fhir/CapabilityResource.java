package org.carerelay.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Date;
import org.carerelay.fhir.terminology.Terminology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * {@code GET /fhir/r4/metadata} (public, as FHIR servers do): exactly what this server supports —
 * the resources, their interactions and search parameters, JSON only, and OAuth2 client-credentials
 * tokens from the CareRelay realm.
 */
@Path("/fhir/r4/metadata")
@Tag(name = "FHIR R4")
public class CapabilityResource {

    static final Date STARTED = new Date();

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @Inject
    Terminology terminology;

    @GET
    @Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "The CapabilityStatement of CareRelay's FHIR R4 server")
    public CapabilityStatement metadata(@Context UriInfo uri) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setUrl(FhirUrls.BASE + "/CapabilityStatement/carerelay");
        cs.setName("CareRelayFhirServer");
        cs.setTitle("CareRelay FHIR R4 server");
        cs.setStatus(PublicationStatus.ACTIVE);
        cs.setExperimental(false);
        cs.setDateElement(new org.hl7.fhir.r4.model.DateTimeType(STARTED));
        cs.setPublisher("CareRelay");
        cs.setDescription("Deliveries as Task, events as ServiceRequest or Communication, discharge handovers as Bundle, consent as Consent, "
                + "status markers as Flag, the caller agency's audit trail as AuditEvent. Writes: share an event as a Task (create, or a transaction "
                + "Bundle) and the recipient's updates of its Task (patch, update). JSON only.");
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.getSoftware().setName("CareRelay");
        cs.getImplementation().setDescription("CareRelay").setUrl(Bundles.base(uri));
        cs.setFhirVersion(FHIRVersion._4_0_1);
        cs.addFormat("application/fhir+json");
        cs.addFormat("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest();
        rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setCors(false)
                .addService(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")))
                .setDescription("OAuth2 client credentials: POST client_id and client_secret with grant_type=client_credentials to "
                        + realmUrl.replaceAll("/$", "") + "/protocol/openid-connect/token and send the access token as "
                        + "'Authorization: Bearer <token>'. The client needs the partner-system role (AuditEvent: the audit-reader role of the "
                        + "agency's audit client, which reads nothing else); the agency comes from the token. "
                        + "Only this CapabilityStatement is public.");
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION)
                .setDocumentation("POST /fhir/r4 with a transaction Bundle sharing one event: its ServiceRequest or Communication (fields as "
                        + "contained Observations), its Patient, and optionally a Task (whose request.ifNoneExist is honoured); or one discharge "
                        + "handover: a DISCHARGE_HANDOVER ServiceRequest with its parts as Observation, MedicationStatement, DetectedIssue and "
                        + "CarePlan entries. All or nothing; Idempotency-Key is honoured.");
        CapabilityStatementRestResourceComponent task = resource(rest, "Task",
                "Deliveries: one per event and recipient agency; the caller's agency as recipient (owner) or source (requester). "
                        + "create: POST a Task with its ServiceRequest or Communication and Patient contained; the same validation, routing, "
                        + "consent and ingest as POST /api/v1/events; 201 with the Location of the Task (the owner's if named, else the first "
                        + "delivery's) and a Link header per Task made. Idempotency-Key and If-None-Exist: identifier=system|value are honoured. "
                        + "patch (FHIRPath Patch as Parameters, or JSON Patch) and update (PUT) by the recipient only, of status, "
                        + "businessStatus, statusReason and output: accepted acknowledges, in-progress starts, completed or rejected completes "
                        + "with the outcome; If-Match W/\"versionId\" is checked when sent.", true);
        task.addInteraction().setCode(TypeRestfulInteraction.CREATE);
        task.addInteraction().setCode(TypeRestfulInteraction.UPDATE);
        task.addInteraction().setCode(TypeRestfulInteraction.PATCH);
        task.setConditionalCreate(true).setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
        task
                .addSearchParam(param("owner", SearchParamType.REFERENCE, "Organization/{agency}: deliveries to that agency"))
                .addSearchParam(param("requester", SearchParamType.REFERENCE, "Organization/{agency}: deliveries of events that agency sent"))
                .addSearchParam(param("status", SearchParamType.TOKEN, "Task status (comma-separated: any of them)"))
                .addSearchParam(param("patient", SearchParamType.REFERENCE, "Patient/{id}"))
                .addSearchParam(param("_lastUpdated", SearchParamType.DATE, "when the delivery last changed: gt, ge, lt, le"))
                .addSearchParam(param("_count", SearchParamType.NUMBER, "page size, 1 to 500 (default 50); follow the next link"));
        resource(rest, "ServiceRequest", "Events that ask something of the recipient (urgent review, routine follow-up), with the fields the caller may see.", true)
                .addSearchParam(param("patient", SearchParamType.REFERENCE, "Patient/{id} (required): the client's events, newest first, at most 100"));
        resource(rest, "Communication", "Events that are information only, with the fields the caller may see.", true)
                .addSearchParam(param("patient", SearchParamType.REFERENCE, "Patient/{id} (required): the client's events, newest first, at most 100"));
        resource(rest, "Patient", "A client's shared identity (the caller's agency needs a care relationship).", false);
        resource(rest, "Flag", "A client's status markers.", true)
                .addSearchParam(param("patient", SearchParamType.REFERENCE, "Patient/{id} (required)"));
        resource(rest, "Consent", "A client's recorded consent decisions.", true)
                .addSearchParam(param("patient", SearchParamType.REFERENCE, "Patient/{id} (required)"));
        resource(rest, "Bundle", "A discharge handover (collection) with its structured parts; linked from its Task's input.", false);
        resource(rest, "AuditEvent", "The caller agency's own audit entries (IHE BALP, minimal), newest first.", true)
                .addSearchParam(param("date", SearchParamType.DATE, "gt, ge, lt, le"))
                .addSearchParam(param("patient", SearchParamType.REFERENCE, "Patient/{id}"))
                .addSearchParam(param("_count", SearchParamType.NUMBER, "page size, 1 to 500 (default 50); follow the next link"));
        resource(rest, "Organization", "The agencies on the network (id: the agency's slug).", true);
        CapabilityStatementRestResourceComponent subscription = resource(rest, "Subscription", "Topic-based subscriptions (Subscriptions R5"
                + " Backport IG) to the topic " + org.carerelay.fhir.subscription.TaskTopic.URL + " (a Task was created or"
                + " changed), filterable by Task owner, requester and status; rest-hook channel, id-only payload. Your agency's own.", true);
        subscription.addInteraction().setCode(TypeRestfulInteraction.CREATE);
        subscription.addInteraction().setCode(TypeRestfulInteraction.DELETE);
        subscription.addExtension("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical",
                new org.hl7.fhir.r4.model.CanonicalType(org.carerelay.fhir.subscription.TaskTopic.URL));
        subscription.addOperation().setName("status")
                .setDefinition("http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status");
        subscription.addOperation().setName("events")
                .setDefinition("http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-events");
        resource(rest, "CodeSystem", "CareRelay's code systems: " + String.join(", ",
                terminology.codeSystems().stream().map(c -> c.getIdElement().getIdPart()).toList()) + ".", true)
                .addSearchParam(param("url", SearchParamType.URI, "the canonical URL"));
        return cs;
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement.CapabilityStatementRestComponent rest, String type,
            String documentation, boolean search) {
        CapabilityStatementRestResourceComponent r = rest.addResource().setType(type).setDocumentation(documentation);
        r.addInteraction().setCode(TypeRestfulInteraction.READ);
        if (search) {
            r.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        }
        r.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
        r.setReadHistory(false);
        r.setUpdateCreate(false);
        return r;
    }

    private static CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent param(String name, SearchParamType type,
            String documentation) {
        return new CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent().setName(name).setType(type)
                .setDocumentation(documentation);
    }
}
