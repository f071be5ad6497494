package org.carerelay.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * FHIR's {@code _format} parameter: {@code json} (or its MIME types) asks for JSON whatever the
 * Accept header says; any other format (XML, Turtle, HTML) is not served: 406 with an OperationOutcome.
 */
public class FhirFormat {

    static final Set<String> JSON = Set.of("json", "application/json", Fhir.FHIR_JSON, "application/json+fhir");

    @Inject
    FhirOutcomes outcomes;

    @ServerRequestFilter(preMatching = true)
    public jakarta.ws.rs.core.Response format(ContainerRequestContext context) {
        String path = context.getUriInfo().getPath();
        if (!path.startsWith("/fhir/")) {
            return null;
        }
        String format = context.getUriInfo().getQueryParameters().getFirst("_format");
        if (format == null) {
            return null;
        }
        if (JSON.contains(format.trim().replace(' ', '+').toLowerCase())) {
            context.getHeaders().putSingle(HttpHeaders.ACCEPT, Fhir.FHIR_JSON);
            return null;
        }
        return outcomes.response(406, "not-acceptable", "Format not served",
                "CareRelay serves FHIR as JSON only (_format=json or application/fhir+json), not " + format + ".", List.of());
    }
}
