package org.carerelay.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.deliveries.Outcome;
import org.carerelay.fhir.task.TaskStatusMap;
import org.carerelay.web.PublicUrl;

/**
 * Writes webhook messages into the outbox in the transaction of the change they announce: each hook is one call
 * from the code that makes the change, after the change. Nothing is sent for a change that rolls back; nothing
 * is lost when an instance dies after commit ({@link WebhookDispatcher} sends). When no endpoint of the agencies
 * concerned takes messages, a hook costs one indexed read. Otherwise it reads the endpoints (no lock: concurrent changes
 * for the same agency never wait for each other) and writes the messages in one statement, without sequence numbers:
 * the dispatcher gives each endpoint's committed messages their numbers in id order before it sends them
 * ({@link OutboxStore#number}). After commit, this instance's dispatcher is woken, so a message is not left waiting
 * for the next poll.
 *
 * <p>Messages are thin: the kind, ids, the feed cursor and links; the receiver reads the content with its own
 * token, access-checked and audited as usual. A FHIR {@code Subscription} is one more target of {@link #record}: it
 * takes the delivery messages whose Task matches its topic's filters, and is sent an id-only notification Bundle.
 */
@ApplicationScoped
public class Outbox {

    /**
     * One message to write: for the endpoints of {@code agencyId} subscribed to {@code kind}; {@code task} (the
     * delivery as a FHIR Task: owner, requester, status) for the FHIR subscriptions' filters, null when not about one.
     */
    public record Message(long agencyId, WebhookKind kind, Long deliveryId, ObjectNode data, TaskFacts task) {
    }

    /** A delivery as the FHIR subscription topic sees it: the Task's owner and requester agency, and its Task.status. */
    public record TaskFacts(long ownerAgencyId, long requesterAgencyId, String status) {
        static TaskFacts of(OutboxStore.DeliveryFacts d) {
            DeliveryState state = DeliveryState.of(d.state()).orElseThrow();
            Outcome outcome = d.outcome() == null ? null : Outcome.of(d.outcome()).orElseThrow();
            return new TaskFacts(d.recipientAgencyId(), d.sourceAgencyId(), TaskStatusMap.of(state, outcome).taskStatus.toCode());
        }
    }

    @Inject
    OutboxStore store;

    @Inject
    ObjectMapper json;

    @Inject
    PublicUrl publicUrl;

    @Inject
    Clock clock;

    @Inject
    WebhookDispatcher dispatcher;

    /** New deliveries (event ingest): {@code delivery.created} to each recipient agency. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deliveriesCreated(List<Long> deliveryIds) {
        List<Message> messages = new ArrayList<>();
        for (OutboxStore.DeliveryFacts d : store.deliveries(deliveryIds)) {
            if (d.anyEndpoint()) {
                messages.add(new Message(d.recipientAgencyId(), WebhookKind.DELIVERY_CREATED, d.deliveryId(), delivery(d, true),
                        TaskFacts.of(d)));
            }
        }
        record(messages);
    }

    /** A delivery changed state: {@code delivery.changed} to its recipient and its source. Same state: nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deliveryChanged(long deliveryId, String fromState, String toState) {
        if (Objects.equals(fromState, toState)) {
            return;
        }
        List<Message> messages = new ArrayList<>();
        for (OutboxStore.DeliveryFacts d : store.deliveries(List.of(deliveryId))) {
            if (d.anyEndpoint()) {
                messages.add(new Message(d.recipientAgencyId(), WebhookKind.DELIVERY_CHANGED, d.deliveryId(),
                        delivery(d, true).put("previousState", fromState), TaskFacts.of(d)));
                messages.add(new Message(d.sourceAgencyId(), WebhookKind.DELIVERY_CHANGED, d.deliveryId(),
                        delivery(d, false).put("previousState", fromState), TaskFacts.of(d)));
            }
        }
        record(messages);
    }

    /** Overdue deliveries escalated: {@code delivery.escalated} to each recipient and source. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deliveriesEscalated(List<Long> deliveryIds) {
        List<Message> messages = new ArrayList<>();
        for (OutboxStore.DeliveryFacts d : store.deliveries(deliveryIds)) {
            if (d.anyEndpoint()) {
                messages.add(new Message(d.recipientAgencyId(), WebhookKind.DELIVERY_ESCALATED, d.deliveryId(), delivery(d, true), null));
                messages.add(new Message(d.sourceAgencyId(), WebhookKind.DELIVERY_ESCALATED, d.deliveryId(), delivery(d, false), null));
            }
        }
        record(messages);
    }

    /** A recipient raised a query on a handover: {@code handover.query} to the handover's source. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void handoverQueryRaised(long queryId) {
        store.query(queryId).filter(OutboxStore.QueryFacts::anyEndpoint).ifPresent(q ->
                record(List.of(new Message(q.sourceAgencyId(), WebhookKind.HANDOVER_QUERY, null, handoverQuery(q), null))));
    }

    /** The source answered a query: {@code handover.answer} to the agency that raised it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void handoverQueryAnswered(long queryId) {
        store.query(queryId).filter(OutboxStore.QueryFacts::anyEndpoint).ifPresent(q ->
                record(List.of(new Message(q.raisedByAgencyId(), WebhookKind.HANDOVER_ANSWER, null, handoverQuery(q), null))));
    }

    /**
     * Writes the messages for every endpoint of their agencies subscribed to their kind ({@link WebhookKind#TEST}
     * goes only to the endpoint the caller locked itself, see {@link Webhooks#sendTest}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Long> agencies = messages.stream().map(Message::agencyId).distinct().sorted().toList();
        Instant now = clock.instant();
        List<OutboxStore.NewMessage> rows = new ArrayList<>();
        for (OutboxStore.Target target : store.targets(agencies)) {
            for (Message m : messages) {
                if (target.takes(m, now)) {
                    rows.add(new OutboxStore.NewMessage(target.endpointId(), newWebhookId(), m.kind(), m.deliveryId(), m.data().toString()));
                }
            }
        }
        write(rows, now);
    }

    /** Writes one message for one endpoint, locked by the caller (test events). */
    void recordFor(OutboxStore.Target target, WebhookKind kind, ObjectNode data) {
        write(List.of(new OutboxStore.NewMessage(target.endpointId(), newWebhookId(), kind, null, data.toString())), clock.instant());
    }

    private void write(List<OutboxStore.NewMessage> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        store.insert(rows, now);
        dispatcher.wakeAfterCommit();
    }

    static String newWebhookId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    private ObjectNode delivery(OutboxStore.DeliveryFacts d, boolean recipient) {
        ObjectNode data = json.createObjectNode();
        data.put("deliveryId", d.deliveryId()).put("eventId", d.eventId()).put("eventType", d.eventType()).put("state", d.state());
        data.put("role", recipient ? "recipient" : "source");
        ObjectNode links = json.createObjectNode();
        if (recipient) {
            // the recipient's feed position of this delivery: GET /api/v1/feed?after=<cursor> lists what came after it
            data.put("feedCursor", feedCursor(d.txid(), d.deliveryId()));
            links.put("delivery", publicUrl.resolve("/api/v1/deliveries/" + d.deliveryId()).toString());
            links.put("feed", publicUrl.resolve("/api/v1/feed").toString());
        }
        links.put("fhirTask", publicUrl.resolve("/fhir/r4/Task/" + d.deliveryId()).toString());
        data.set("links", links);
        return data;
    }

    private ObjectNode handoverQuery(OutboxStore.QueryFacts q) {
        ObjectNode data = json.createObjectNode();
        data.put("handoverId", q.handoverId()).put("queryId", q.queryId()).put("status", q.status());
        ObjectNode links = json.createObjectNode();
        links.put("fhirBundle", publicUrl.resolve("/fhir/r4/Bundle/" + q.handoverId()).toString());
        links.put("portal", publicUrl.resolve("/handovers/" + q.handoverId() + "/queries").toString());
        data.set("links", links);
        return data;
    }

    /** The delivery feed's cursor format (deliveries/DeliveryFeed): base64url("txid:id"). */
    static String feedCursor(String txid, long deliveryId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((txid + ":" + deliveryId).getBytes(StandardCharsets.US_ASCII));
    }
}
