package org.carerelay.fhir.subscription;

import java.util.List;
import org.carerelay.fhir.FhirUrls;
import org.carerelay.push.WebhookKind;

/**
 * CareRelay's one subscription topic (Subscriptions R5 Backport IG): a Task was created or changed — a delivery
 * routed to an agency, or acknowledged, started, completed, declined. Filterable by the Task's owner, requester
 * and status. Its events are the outbox's {@code delivery.created} and {@code delivery.changed} messages. The resources
 * follow the IG's profiles without claiming them in {@code meta.profile}: the validator works offline, without the IG.
 */
public final class TaskTopic {

    public static final String URL = FhirUrls.BASE + "/SubscriptionTopic/task-changes";
    static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    static final String FILTER_CRITERIA = BACKPORT + "backport-filter-criteria";
    static final String PAYLOAD_CONTENT = BACKPORT + "backport-payload-content";
    static final String ID_ONLY = "id-only";
    static final List<String> KINDS = List.of(WebhookKind.DELIVERY_CREATED.code, WebhookKind.DELIVERY_CHANGED.code);

    private TaskTopic() {
    }
}
