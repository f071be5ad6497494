package org.carerelay.push;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a webhook message announces; an endpoint subscribes to some of them. */
public enum WebhookKind {
    /** A delivery was routed to the endpoint's agency. */
    DELIVERY_CREATED("delivery.created"),
    /** A delivery to or from the agency changed state (acknowledged, started, completed). */
    DELIVERY_CHANGED("delivery.changed"),
    /** A delivery to or from the agency became overdue and was escalated to the recipient's team lead. */
    DELIVERY_ESCALATED("delivery.escalated"),
    /** A recipient raised a query on a handover the agency sent. */
    HANDOVER_QUERY("handover.query"),
    /** The source answered a query the agency raised. */
    HANDOVER_ANSWER("handover.answer"),
    /** Sent on request from the admin page; every endpoint receives it whatever its kinds. */
    TEST("test");

    public final String code;

    WebhookKind(String code) {
        this.code = code;
    }

    public static Optional<WebhookKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }

    /** The kinds an endpoint may subscribe to (all but {@link #TEST}). */
    public static List<String> subscribable() {
        return Arrays.stream(values()).filter(k -> k != TEST).map(k -> k.code).toList();
    }
}
