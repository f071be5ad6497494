package org.carerelay.access;

import java.util.Map;
import org.carerelay.access.AccessMatrixIT.Expect;
import org.carerelay.access.AccessMatrixIT.Who;

/** The matrix rows of feature pages, and how a route template becomes a concrete path. */
final class AccessMatrixRoutes {

    private AccessMatrixRoutes() {
    }

    static void addFeatureRoutes(Map<String, Map<Who, Expect>> m) {
        // Feature pages add their rows here.
    }

    static String concrete(String template, long clientId, long deliveryId) {
        String path = template;
        if (path.startsWith("/api/v1/deliveries/") || path.startsWith("/deliveries/")) {
            path = path.replace("{id}", String.valueOf(deliveryId));
        }
        return path.replace("{id}", String.valueOf(clientId)).replace("{clientId}", String.valueOf(clientId))
                .replace("{deliveryId}", String.valueOf(deliveryId));
    }
}
