package org.carerelay.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.carerelay.partnerapi.PartnerCaller;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR resource class: the partner system calling, whose agency comes from its token, and the steps every read
 * resource shares — the path's id as a number, a search that needs one patient, a paged search's Bundle. Each
 * subclass keeps its own {@code @Path}, {@code @RolesAllowed} and {@code @Produces} (JAX-RS reads them per class).
 */
public abstract class PartnerResource {

    @Inject
    protected PartnerCaller caller;

    /** The caller's agency (from the token). */
    protected long agencyId() {
        return caller.agency().id();
    }

    /** {@code GET [type]/{id}}: a 404 naming the type unless the id is a number, else what the read finds for the caller's agency. */
    protected <R> R read(String id, String type, BiFunction<Long, Long, R> read) {
        return read.apply(FhirIds.number(id, type), agencyId());
    }

    /** A search that names one client ({@code patient} or {@code subject}, required): everything of it the caller may see. */
    protected Bundle searchByPatient(UriInfo uri, String prefer, Set<String> parameters, String type,
            BiFunction<Long, Long, List<? extends Resource>> search) {
        long patient = SearchParams.requiredPatient(uri.getQueryParameters(), parameters, prefer, type);
        return Bundles.searchset(uri, search.apply(patient, agencyId()), null);
    }

    /** One page of a paged search as a searchset with its next link. */
    protected static Bundle searchset(UriInfo uri, Bundles.Page<?> page) {
        return Bundles.searchset(uri, page.resources(), page.next());
    }

    /** What a search asked, for its audit entry: the query string, or "all". */
    protected static String described(UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        return query == null ? "all" : query;
    }
}
