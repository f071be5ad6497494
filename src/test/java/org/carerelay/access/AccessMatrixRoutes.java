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
        // Raise an event and the event guide
        Map<Who, Expect> raisePage = AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.LOGIN);
        Map<Who, Expect> raisePost = AccessMatrixIT.row(Expect.BAD_REQUEST, Expect.BAD_REQUEST, Expect.BAD_REQUEST, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN);
        m.put("GET /events/new", raisePage);
        m.put("POST /events/preview", raisePost);
        m.put("POST /events", raisePost);
        m.put("GET /guide", AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.LOGIN));
        // Sent events and the team lead's page
        m.put("GET /sent", AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        m.put("GET /team", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.LOGIN));
        m.put("POST /team/deliveries/{id}/assign", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.BAD_REQUEST, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        // Privacy officer's pages
        Map<Who, Expect> privacyPage = AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.OK,
                Expect.DENIED, Expect.LOGIN);
        for (String path : new String[] {"/privacy", "/privacy/access-log", "/privacy/access-log.csv", "/privacy/break-glass",
            "/privacy/clients/{id}/disclosures", "/privacy/clients/{id}/disclosures/print", "/privacy/clients/{id}/disclosures.csv"}) {
            m.put("GET " + path, privacyPage);
        }
        Map<Who, Expect> privacyBad = AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.BAD_REQUEST,
                Expect.DENIED, Expect.LOGIN);
        m.put("GET /privacy/disclosures", privacyBad);
        m.put("POST /privacy/break-glass/{id}/review", privacyBad);
        // Agency users (the agency admin's Keycloak accounts page); Keycloak answers 404 for the made-up user id
        m.put("GET /admin/users", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.OK, Expect.DENIED,
                Expect.DENIED, Expect.LOGIN));
        m.put("POST /admin/users", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.BAD_REQUEST, Expect.DENIED,
                Expect.DENIED, Expect.LOGIN));
        for (String change : new String[] {"disable", "enable", "reset-password", "roles/{role}/grant", "roles/{role}/revoke"}) {
            m.put("POST /admin/users/{id}/" + change, AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.OK,
                    Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        }
    }

    static String concrete(String template, long clientId, long deliveryId) {
        String path = template;
        if (path.startsWith("/api/v1/deliveries/") || path.startsWith("/deliveries/")
                || path.startsWith("/team/deliveries/")) {
            path = path.replace("{id}", String.valueOf(deliveryId));
        }
        return path.replace("{role}", "frontline").replace("{id}", String.valueOf(clientId)).replace("{clientId}", String.valueOf(clientId))
                .replace("{deliveryId}", String.valueOf(deliveryId));
    }
}
