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
        addWebhookRoutes(m);
        addUrgentNoticeRoutes(m);
        // Discharge handover form (hospital staff write, save drafts, submit); {id} becomes a client id: no such draft of the agency
        Map<Who, Expect> handoverPage = AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.LOGIN);
        m.put("GET /handovers/new", handoverPage);
        m.put("GET /handovers/drafts", handoverPage);
        m.put("GET /handovers/drafts/{id}/edit", AccessMatrixIT.row(Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        m.put("POST /handovers", AccessMatrixIT.row(Expect.BAD_REQUEST, Expect.BAD_REQUEST, Expect.BAD_REQUEST, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        m.put("POST /handovers/drafts/{id}", AccessMatrixIT.row(Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        m.put("POST /api/v1/handovers", AccessMatrixIT.row(Expect.API_401, Expect.API_401, Expect.API_401, Expect.API_401,
                Expect.API_401, Expect.API_401, Expect.API_401));
        // Raise an event and the event guide
        Map<Who, Expect> raisePage = AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.LOGIN);
        Map<Who, Expect> raisePost = AccessMatrixIT.row(Expect.BAD_REQUEST, Expect.BAD_REQUEST, Expect.BAD_REQUEST, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN);
        m.put("GET /events/new", raisePage);
        m.put("POST /events/preview", raisePost);
        m.put("POST /events", raisePost);
        m.put("GET /guide", AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.LOGIN));
        // Multi-agency concerns (issue 16): {id} names no concern of the caller's agency, so every agency gets 404
        Map<Who, Expect> concernRoute = AccessMatrixIT.row(Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND,
                Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.LOGIN);
        m.put("GET /concerns/{id}", concernRoute);
        m.put("GET /concerns/delivery/{id}", concernRoute);
        m.put("POST /concerns/{id}/close", concernRoute);
        m.put("GET /concerns/rules", AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.OK, Expect.LOGIN));
        m.put("POST /concerns/rules", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.BAD_REQUEST, Expect.LOGIN));
        // Sent events and the team lead's page
        m.put("GET /sent", AccessMatrixIT.row(Expect.OK, Expect.OK, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        m.put("GET /team", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.LOGIN));
        m.put("POST /team/deliveries/{id}/assign", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.BAD_REQUEST, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        // The handover page (issue 6): {id} is a client id here, not a handover id, so frontline gets 404
        Map<Who, Expect> handoverRoute = AccessMatrixIT.row(Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN);
        m.put("GET /handovers/{id}", handoverRoute);
        m.put("GET /handovers/{id}/print", handoverRoute);
        m.put("POST /handovers/{id}/acknowledge", handoverRoute);
        m.put("POST /handovers/{id}/items/{itemId}/complete", handoverRoute);
        m.put("POST /handovers/{id}/first-contact", handoverRoute);
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
        // Handover queries and corrections ({id} is a client id here, so no handover: 404 for frontline)
        Map<Who, Expect> handoverQueries = AccessMatrixIT.row(Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.DENIED,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN);
        for (String route : new String[] {"GET /handovers/{id}/queries", "POST /handovers/{id}/queries", "POST /handovers/{id}/queries/{queryId}/answer",
            "GET /handovers/{id}/correct", "POST /handovers/{id}/correct"}) {
            m.put(route, handoverQueries);
        }
        // Commissioner reports ({report} becomes timeliness; the CSV without ?table= is a bad request)
        m.put("GET /reports/{report}", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.OK, Expect.LOGIN));
        m.put("GET /reports/{report}/csv", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.BAD_REQUEST, Expect.LOGIN));
        // The identity steward's exceptions ({id} is an open exception, a probable match); the decisions
        // without a candidate or a reason are refused as bad requests, so nothing is decided here
        Map<Who, Expect> stewardPage = AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.DENIED, Expect.OK, Expect.LOGIN);
        m.put("GET /identity/exceptions", stewardPage);
        m.put("GET /identity/exceptions/{id}", stewardPage);
        Map<Who, Expect> stewardDecision = AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.DENIED, Expect.BAD_REQUEST, Expect.LOGIN);
        for (String decision : new String[] {"same-person", "different-people", "undo"}) {
            m.put("POST /identity/exceptions/{id}/" + decision, stewardDecision);
        }
        // The audit check's signed heads (a JSON download) and an entry's inclusion proof (without ?entry= a bad request)
        m.put("GET /admin/audit-chain/heads", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.OK, Expect.OK,
                Expect.DENIED, Expect.LOGIN));
        m.put("GET /admin/audit-chain/proof", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.BAD_REQUEST,
                Expect.BAD_REQUEST, Expect.DENIED, Expect.LOGIN));
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

    /** Webhooks (issue 15): the agency admin's page, its forms ({id} is no endpoint of the agency: 404), and the partner API. */
    static void addWebhookRoutes(Map<String, Map<Who, Expect>> m) {
        m.put("GET /admin/webhooks", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.OK, Expect.DENIED,
                Expect.DENIED, Expect.LOGIN));
        for (String form : new String[] {"pause", "resume", "test", "resend", "resend-since"}) {
            m.put("POST /admin/webhooks/{id}/" + form, AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.NOT_FOUND,
                    Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        }
        for (String api : new String[] {"GET /api/v1/webhooks", "POST /api/v1/webhooks", "GET /api/v1/webhooks/{id}",
            "PATCH /api/v1/webhooks/{id}", "DELETE /api/v1/webhooks/{id}", "POST /api/v1/webhooks/{id}/rotate-secret",
            "POST /api/v1/webhooks/{id}/resend", "POST /api/v1/webhooks/{id}/resend-since"}) {
            m.put(api, AccessMatrixIT.row(Expect.API_401, Expect.API_401, Expect.API_401, Expect.API_401, Expect.API_401,
                    Expect.API_401, Expect.API_401));
        }
    }

    /**
     * Urgent notices (issue 16): the agency admin's on-call page and forms ({id}: no contact of the agency, 404;
     * {urgency}: information_only has no rule, 404), the one-time links ({token}: no such link, 404 for frontline staff)
     * and the item page they lead to ({id}: the matrix's delivery, Eastside's).
     */
    static void addUrgentNoticeRoutes(Map<String, Map<Who, Expect>> m) {
        m.put("GET /admin/on-call", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.OK, Expect.DENIED,
                Expect.DENIED, Expect.LOGIN));
        m.put("POST /admin/on-call/contacts", AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.BAD_REQUEST,
                Expect.DENIED, Expect.DENIED, Expect.LOGIN));
        for (String form : new String[] {"POST /admin/on-call/contacts/{id}/remove", "POST /admin/on-call/rules/{urgency}"}) {
            m.put(form, AccessMatrixIT.row(Expect.DENIED, Expect.DENIED, Expect.DENIED, Expect.NOT_FOUND, Expect.DENIED, Expect.DENIED,
                    Expect.LOGIN));
        }
        Map<Who, Expect> link = AccessMatrixIT.row(Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.NOT_FOUND, Expect.DENIED, Expect.DENIED,
                Expect.DENIED, Expect.LOGIN);
        m.put("GET /urgent/link/{token}", link);
        m.put("GET /urgent/link/{token}/acknowledge", link);
        Map<Who, Expect> item = AccessMatrixIT.row(Expect.OK, Expect.NOT_FOUND, Expect.OK, Expect.DENIED, Expect.DENIED, Expect.DENIED,
                Expect.LOGIN);
        m.put("GET /urgent/items/{id}", item);
        m.put("POST /urgent/items/{id}/acknowledge", item);
    }

    static String concrete(String template, long clientId, long deliveryId) {
        String path = template;
        if (path.startsWith("/admin/on-call/")) {
            path = path.replace("{id}", "999999999").replace("{urgency}", "information_only");
        }
        if (path.startsWith("/urgent/")) {
            path = path.replace("{id}", String.valueOf(deliveryId)).replace("{token}", "no-such-link");
        }
        if (path.startsWith("/identity/exceptions/")) {
            path = path.replace("{id}", String.valueOf(AccessMatrixIT.exceptionId));
        }
        path = path.replace("{itemId}", "1"); // a handover action item id (issue 6)
        if (path.startsWith("/api/v1/deliveries/") || path.startsWith("/deliveries/")
                || path.startsWith("/team/deliveries/")) {
            path = path.replace("{id}", String.valueOf(deliveryId));
        }
        path = path.replace("{queryId}", "1").replace("{report}", "timeliness");
        return path.replace("{role}", "frontline").replace("{id}", String.valueOf(clientId)).replace("{clientId}", String.valueOf(clientId))
                .replace("{deliveryId}", String.valueOf(deliveryId));
    }
}
