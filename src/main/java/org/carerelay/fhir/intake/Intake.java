package org.carerelay.fhir.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirInput;
import org.carerelay.fhir.intake.EventCreates.Condition;
import org.carerelay.fhir.intake.EventCreates.Created;
import org.carerelay.fhir.task.TaskReads;
import org.carerelay.partnerapi.PartnerCaller;
import org.carerelay.web.ProblemException.FieldError;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * The two ways an event comes in over FHIR: {@code POST /fhir/r4/Task} with the event and client
 * contained, and a {@code transaction} Bundle posted to {@code /fhir/r4}. Reads the body (JSON, R4
 * base), reads the event out of it, creates it, and answers as FHIR's create and transaction do.
 */
@ApplicationScoped
public class Intake {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FhirInput input;

    @Inject
    EventCreates creates;

    @Inject
    Catalogue catalogue;

    @Inject
    PartnerCaller caller;

    @Inject
    TaskReads tasks;

    @Inject
    HandoverCreates handovers;

    /** The create's request headers. */
    public record Headers(String contentType, String idempotencyKey, String ifNoneExist, String prefer) {

        Condition condition() {
            return ifNoneExist == null || ifNoneExist.isBlank() ? null : Condition.parse(ifNoneExist);
        }

        String returns() {
            if (prefer != null) {
                for (String part : prefer.split(",")) {
                    String p = part.trim();
                    if (p.startsWith("return=")) {
                        return p.substring("return=".length()).trim();
                    }
                }
            }
            return "representation";
        }
    }

    /** POST /fhir/r4/Task: 201 (or 200 when If-None-Exist found it) with the Location of the Task; Link headers name every Task made. */
    public Response postTask(byte[] body, Headers headers, UriInfo uri) {
        Condition condition = headers.condition();
        Task task = input.read(headers.contentType(), body, Task.class);
        List<FieldError> structural = new ArrayList<>();
        RequestParts parts = RequestParts.ofTask(task, structural);
        Created created = creates.create(read(parts, structural), "POST /fhir/r4/Task", tree(body), headers.idempotencyKey(), condition);
        String base = Bundles.base(uri);
        String location = created.locationTaskId() == null ? created.eventLocation() : "Task/" + created.locationTaskId();
        Response.ResponseBuilder response = Response.status(created.existing() ? 200 : 201).location(URI.create(base + "/" + location));
        for (Long id : created.taskIds()) {
            response.header("Link", "<" + base + "/Task/" + id + ">; rel=\"related\"");
        }
        return switch (headers.returns()) {
            case "minimal" -> response.build();
            case "OperationOutcome" -> response.type(Fhir.FHIR_JSON).entity(summary(created)).build();
            default -> created.locationTaskId() == null ? response.type(Fhir.FHIR_JSON).entity(summary(created)).build()
                    : response.type(Fhir.FHIR_JSON).entity(tasks.read(created.locationTaskId(), caller.agency().id())).build();
        };
    }

    /** POST /fhir/r4 with a transaction: 200 and a transaction-response, one entry per request entry with its status and location. */
    public Response postTransaction(byte[] body, Headers headers) {
        Bundle bundle = input.read(headers.contentType(), body, Bundle.class);
        List<FieldError> structural = new ArrayList<>();
        RequestParts parts = RequestParts.ofTransaction(bundle, structural);
        Condition condition = headers.condition();
        if (condition == null && parts.task != null) {
            String entryCondition = bundle.getEntry().stream().filter(e -> e.getResource() == parts.task.resource())
                    .map(e -> e.getRequest().getIfNoneExist()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            condition = entryCondition == null || entryCondition.isBlank() ? null : Condition.parse(entryCondition);
        }
        IncomingEvent.Read read = read(parts, structural);
        Created created = parts.handover()
                ? handovers.create(read, IncomingHandover.read(parts, subject(parts)), "POST /fhir/r4", tree(body), headers.idempotencyKey(), condition)
                : creates.create(read, "POST /fhir/r4", tree(body), headers.idempotencyKey(), condition);
        Bundle answer = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        String status = created.existing() ? "200 OK" : "201 Created";
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            Bundle.BundleEntryResponseComponent response = answer.addEntry().getResponse().setStatus(status);
            if (resource instanceof Task) {
                response.setLocation(created.locationTaskId() == null ? created.eventLocation() : "Task/" + created.locationTaskId());
                response.setOutcome(summary(created));
            } else if (resource instanceof Patient) {
                response.setLocation("Patient/" + created.clientId());
            } else if (created.handoverId() != null && resource != parts.focus.resource()) {
                response.setLocation("Bundle/" + created.handoverId()); // a handover part: read back in the handover's Bundle
            } else {
                response.setLocation(created.eventLocation());
                if (parts.task == null) {
                    response.setOutcome(summary(created));
                }
            }
        }
        return Response.ok(answer).type(Fhir.FHIR_JSON).build();
    }

    private static org.hl7.fhir.r4.model.Reference subject(RequestParts parts) {
        return parts.focus != null && parts.focus.resource() instanceof org.hl7.fhir.r4.model.ServiceRequest sr ? sr.getSubject() : null;
    }

    private IncomingEvent.Read read(RequestParts parts, List<FieldError> structural) {
        return IncomingEvent.read(parts, structural, caller.agency().slug(), catalogue::current);
    }

    /** Which Tasks the event became: one per recipient delivery. */
    static OperationOutcome summary(Created created) {
        OperationOutcome outcome = new OperationOutcome();
        String what = created.existing() ? "Already created (If-None-Exist): " : "Created: ";
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics(what + created.eventLocation() + (created.handoverId() == null ? ""
                        : " (a discharge handover; its parts read back as Bundle/" + created.handoverId() + ")") + " for Patient/" + created.clientId() + ", routed to "
                        + (created.taskIds().isEmpty() ? "no agency" : created.taskIds().size() + " agencies"));
        for (int i = 0; i < created.taskIds().size(); i++) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics("Task/" + created.taskIds().get(i) + ": the delivery to " + created.agencies().get(i));
        }
        return outcome;
    }

    private static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the body was read as JSON already", e);
        }
    }
}
