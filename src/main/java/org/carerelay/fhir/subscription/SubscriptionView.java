package org.carerelay.fhir.subscription;

import java.time.Instant;
import java.util.Date;
import java.util.function.LongFunction;
import org.carerelay.push.EndpointStore.EndpointRow;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * A stored subscription as the partner reads it back: what CareRelay actually does (its topic, filters, channel,
 * id-only content) and its state. The channel headers are never shown again (they often hold the receiver's credentials).
 */
final class SubscriptionView {

    private SubscriptionView() {
    }

    /** active; error while a message has exhausted its retries; off when paused, disabled (410) or past its end. */
    static SubscriptionStatus status(EndpointRow row, Instant now) {
        if (row.endsAt() != null && !row.endsAt().isAfter(now)) {
            return SubscriptionStatus.OFF;
        }
        switch (row.status()) {
            case ACTIVE:
                return SubscriptionStatus.ACTIVE;
            case FAILING:
                return SubscriptionStatus.ERROR;
            default:
                return SubscriptionStatus.OFF;
        }
    }

    /** @param slug an agency's Organization id (its slug) */
    static Subscription of(EndpointRow row, LongFunction<String> slug, Instant now) {
        Subscription s = new Subscription();
        s.setId(String.valueOf(row.id()));
        s.setStatus(status(row, now));
        s.setReason(row.description().isEmpty() ? "Task changes" : row.description());
        if (row.endsAt() != null) {
            s.setEnd(Date.from(row.endsAt()));
        }
        String error = row.statusReason() != null ? row.statusReason() : row.lastError();
        if (s.getStatus() != SubscriptionStatus.ACTIVE && error != null) {
            s.setError(error);
        }
        s.setCriteria(TaskTopic.URL);
        if (row.ownerFilter() != null) {
            filter(s, "Task?owner=Organization/" + slug.apply(row.ownerFilter()));
        }
        if (row.requesterFilter() != null) {
            filter(s, "Task?requester=Organization/" + slug.apply(row.requesterFilter()));
        }
        if (!row.statusFilter().isEmpty()) {
            filter(s, "Task?status=" + String.join(",", row.statusFilter()));
        }
        Subscription.SubscriptionChannelComponent channel = s.getChannel();
        channel.setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(row.url()).setPayload("application/fhir+json");
        channel.getPayloadElement().addExtension(new Extension(TaskTopic.PAYLOAD_CONTENT, new CodeType(TaskTopic.ID_ONLY)));
        return s;
    }

    private static void filter(Subscription s, String criteria) {
        s.getCriteriaElement().addExtension(new Extension(TaskTopic.FILTER_CRITERIA, new StringType(criteria)));
    }
}
