package org.carerelay.fhir.task;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.Fhir;
import org.carerelay.fhir.FhirIds;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.SearchParams;
import org.carerelay.partnerapi.PartnerCaller;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /fhir/r4/Task}: read one delivery, or search the caller's deliveries (as recipient or source). */
@Path("/fhir/r4/Task")
@Tag(name = "FHIR R4")
@RolesAllowed("partner-system")
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class TaskResource {

    static final Set<String> PARAMETERS = Set.of("owner", "requester", "status", "patient", "subject", "_lastUpdated");
    static final Set<String> STATUSES = Arrays.stream(TaskStatus.values()).filter(s -> s != TaskStatus.NULL).map(TaskStatus::toCode)
            .collect(Collectors.toSet());

    @Inject
    TaskReads reads;

    @Inject
    PartnerCaller caller;

    @Inject
    AgencyDirectory agencies;

    @GET
    @Path("/{id}")
    @Operation(summary = "One delivery as a Task")
    public Task read(@PathParam("id") String id) {
        return reads.read(FhirIds.number(id, "Task"), caller.agency().id());
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
        FhirStore.TaskQuery query = new FhirStore.TaskQuery(caller.agency().id(), owner.map(AgencyRef::id).orElse(null),
                requester.map(AgencyRef::id).orElse(null), rows, patient.orElse(null), changed.from(), changed.before(), cursor, count);
        TaskReads.Page page = reads.search(query, uri.getRequestUri().getRawQuery() == null ? "all" : uri.getRequestUri().getRawQuery());
        return Bundles.searchset(uri, page.tasks(), page.next());
    }
}
