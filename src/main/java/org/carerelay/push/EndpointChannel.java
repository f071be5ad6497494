package org.carerelay.push;

import java.util.Arrays;

/** How an endpoint is sent to: a Standard Webhooks receiver, or a FHIR topic-based Subscription's rest-hook. */
public enum EndpointChannel {
    /** Registered at /api/v1/webhooks: signed JSON messages. */
    WEBHOOK("webhook"),
    /** A FHIR Subscription (R4 Backport IG) created at /fhir/r4/Subscription: id-only notification Bundles. */
    FHIR_REST_HOOK("fhir-rest-hook");

    public final String code;

    EndpointChannel(String code) {
        this.code = code;
    }

    public static EndpointChannel of(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown endpoint channel " + code));
    }
}
