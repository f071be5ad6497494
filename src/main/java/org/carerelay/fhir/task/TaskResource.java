package org.carerelay.fhir.task;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirIds;
import org.carerelay.fhir.FhirInput;
import org.carerelay.fhir.intake.Intake;
import org.carerelay.web.ProblemException;
import org.hl7.fhir.r4.model.Parameters;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.SearchParams;
import org.carerelay.fhir.PartnerResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /fhir/r4/Task}: read one delivery, search the caller's deliveries (as recipient or source), share an event as a Task, and the performer's updates. */
@Path("/fhir/r4/Task")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class TaskResource extends PartnerResource {

    static final Set<String> PARAMETERS = Set.of("owner", "requester", "status", "patient", "subject", "_lastUpdated");
    static final Set<String> STATUSES = Arrays.stream(TaskStatus.values()).filter(s -> s != TaskStatus.NULL).map(TaskStatus::toCode)
            .collect(Collectors.toSet());

    @Inject
    TaskReads reads;

    @Inject
    AgencyDirectory agencies;

    @Inject
    Intake intake;

    @Inject
    TaskUpdates updates;

    @Inject
    FhirInput input;

    @Inject
    Fhir fhir;

    @GET
    @Path("/{id}")
    @Operation(summary = "One delivery as a Task")
    public Task read(@PathParam("id") String id) {
        return read(id, "Task", reads::read);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Share an event as a Task with its ServiceRequest or Communication and Patient contained",
            description = "The same validation, routing, consent and ingest as POST /api/v1/events. 201 with the Location of the Task "
                    + "(one per recipient delivery; Link headers name each). Idempotency-Key and If-None-Exist: identifier=system|value work.")
    public Response create(byte[] body, @Context UriInfo uri, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("Idempotency-Key") String key, @HeaderParam("If-None-Exist") String ifNoneExist, @HeaderParam("Prefer") String prefer) {
        return intake.postTask(body, new Intake.Headers(contentType, key, ifNoneExist, prefer), uri);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "The recipient acknowledges, starts or completes its delivery",
            description = "FHIRPath Patch (Parameters, application/fhir+json) or JSON Patch (application/json-patch+json) of status, "
                    + "businessStatus, statusReason and output. If-Match: W/\"version\" is checked when sent.")
    public Response patch(@PathParam("id") String id, byte[] body, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("If-Match") String ifMatch) {
        long deliveryId = FhirIds.number(id, "Task");
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        java.util.function.UnaryOperator<Task> change;
        if (media.equals("application/json-patch+json")) {
            com.fasterxml.jackson.databind.JsonNode ops = input.jsonPatch(body);
            change = current -> input.parse(TaskPatches.json(fhir.json(current), ops), Task.class, 422);
        } else {
            Parameters patch = input.read(contentType, body, Parameters.class);
            change = current -> TaskPatches.fhirPath(current, patch);
        }
        updates.update(deliveryId, caller.actor(), ifMatch, change);
        return updated(deliveryId);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "The recipient updates its Task: only status, businessStatus, statusReason and output may differ from what it read")
    public Response update(@PathParam("id") String id, byte[] body, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("If-Match") String ifMatch) {
        long deliveryId = FhirIds.number(id, "Task");
        Task sent = input.read(contentType, body, Task.class);
        if (!id.equals(sent.getIdElement().getIdPart())) {
            throw ProblemException.invalid("The Task's id must be the one in the URL.",
                    List.of(new ProblemException.FieldError("Task.id", "must be " + id + " (as in the URL), not " + sent.getIdElement().getIdPart())));
        }
        updates.update(deliveryId, caller.actor(), ifMatch, current -> sent);
        return updated(deliveryId);
    }

    private Response updated(long deliveryId) {
        Task task = reads.read(deliveryId, agencyId());
        return Response.ok(task).type(Fhir.FHIR_JSON).header("ETag", TaskUpdates.etag(task)).build();
    }

    @GET
    @Operation(summary = "Search Tasks: owner, requester, status, patient, _lastUpdated, _count (paged: follow the next link)")
    public Bundle search(@Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
        SearchParams params = new SearchParams(uri.getQueryParameters(), PARAMETERS, prefer);
        Optional<AgencyRef> owner = params.organization("owner", agencies);
        Optional<AgencyRef> requester = params.organization("requester", agencies);
        List<String> statuses = params.tokens("status", STATUSES);
        Optional<Long> patient = params.longReference("patient", "Patient").or(() -> params.longReference("subject", "Patient"));
        SearchParams.Range changed = params.range("_lastUpdated");
        int count = params.count();
        Long cursor = params.cursor();
        params.check();
        List<TaskStatusMap> rows = statuses.isEmpty() ? null
                : statuses.stream().flatMap(s -> TaskStatusMap.forStatus(TaskStatus.fromCode(s)).stream()).distinct().toList();
        FhirStore.TaskQuery query = new FhirStore.TaskQuery(agencyId(), owner.map(AgencyRef::id).orElse(null),
                requester.map(AgencyRef::id).orElse(null), rows, patient.orElse(null), changed.from(), changed.before(), cursor, count);
        return searchset(uri, reads.search(query, described(uri)));
    }
}
