package org.carerelay.fhir;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Search results as a searchset Bundle with self and next links (the next link carries the same search and a cursor). */
public final class Bundles {

    private Bundles() {
    }

    /** The FHIR base of this server as the caller reached it (e.g. http://localhost:8080/fhir/r4). */
    public static String base(UriInfo uri) {
        return uri.getBaseUriBuilder().path("fhir/r4").build().toString().replaceAll("/$", "");
    }

    /** One page of a paged search, and the cursor where the next page starts (null on the last page). */
    public record Page<R extends Resource>(List<R> resources, Long next) {

        /** A page of rows read with this limit: a full page has a next one, starting after its last row. */
        public static <T, R extends Resource> Page<R> of(List<T> rows, int limit, java.util.function.ToLongFunction<T> id, List<R> resources) {
            return new Page<>(resources, rows.size() == limit ? id.applyAsLong(rows.get(rows.size() - 1)) : null);
        }
    }

    public static Bundle searchset(UriInfo uri, List<? extends Resource> resources, Long nextCursor) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
        if (nextCursor != null) {
            bundle.addLink().setRelation("next").setUrl(uri.getRequestUriBuilder().replaceQueryParam("_cursor", nextCursor).build().toString());
        }
        String base = base(uri);
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart()).setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }
}
