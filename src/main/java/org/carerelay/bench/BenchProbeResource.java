package org.carerelay.bench;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.carerelay.access.CurrentUser;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Benchmarks only (docs/benchmarks.md, P1): the cheapest page a signed-in person can get — the same
 * session check, filters and connection pool as every page, then one indexed query (the caller's
 * agency by primary key) and a line of text. The worklist's throughput is measured against it.
 * It exists only in a benchmark build ({@code -Dcarerelay.bench=true}, deploy/bench/lib.sh); in every other
 * build there is no such resource and the address answers 404 like any address without a page.
 * Like every portal address it needs a session (the portal's HTTP policy); it is not in the OpenAPI document.
 */
@Path("/bench/probe")
@IfBuildProperty(name = "carerelay.bench", stringValue = "true")
public class BenchProbeResource {

    @Inject
    CurrentUser user;

    @Inject
    EntityManager em;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    @Transactional
    public String probe() {
        long agency = user.agency().orElseThrow(NotFoundException::new).id();
        Object name = em.createNativeQuery("SELECT name FROM agency WHERE id = :id").setParameter("id", agency).getSingleResult();
        return user.getUsername() + " @ " + name + "\n";
    }
}
