package org.carerelay.web;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** Per-request facts shared by error pages and the audit trail: the request id, client address, agent. */
@RequestScoped
public class RequestInfo {

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

    void capture(String requestId, String clientAddress, String userAgent, String path) {
        this.requestId = requestId;
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
