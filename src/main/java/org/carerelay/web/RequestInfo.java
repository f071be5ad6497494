package org.carerelay.web;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Per-request facts shared by error pages and the audit trail: the request id, client address, agent.
 *
 * The request id is unique to the request, whatever the caller sends: a well-formed
 * {@code X-Request-Id} (8 to 40 of {@code A-Z a-z 0-9 . _ -}) is kept as its start, followed by
 * {@code ~} and 16 hex digits CareRelay makes; anything else is replaced by a UUID. So a caller can
 * find its own requests in the audit trail, but two requests never share an id, even when the
 * caller reuses one. The response's {@code X-Request-Id} header carries the id as stored.
 */
@RequestScoped
public class RequestInfo {

    static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{8,40}");

    private String requestId;
    private String clientAddress;
    private String userAgent;
    private String path;

    public String requestId() {
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
        }
        return requestId;
    }

    /** The id of a request whose caller sent {@code offered} (may be null): see the class comment. */
    static String requestIdFor(String offered) {
        if (offered != null && WELL_FORMED.matcher(offered).matches()) {
            return offered + "~" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        }
        return UUID.randomUUID().toString();
    }

    void capture(String offeredRequestId, String clientAddress, String userAgent, String path) {
        this.requestId = requestIdFor(offeredRequestId);
        this.clientAddress = clientAddress;
        this.userAgent = userAgent;
        this.path = path;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String userAgent() {
        return userAgent;
    }

    public String path() {
        return path == null ? "" : path;
    }

    public boolean isApi() {
        return path().startsWith("/api/");
    }

    /** The FHIR API under /fhir: refusals are OperationOutcomes. */
    public boolean isFhir() {
        return path().startsWith("/fhir/") || path().equals("/fhir");
    }
}
