package org.carerelay.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/** The webhook endpoints' SQL: registration, status, secrets, and the figures the API and the admin page show. */
@ApplicationScoped
public class EndpointStore {

    /** One endpoint with its backlog (pending or sending) and dead letters. */
    public record EndpointRow(long id, long agencyId, String url, List<String> kinds, String description, EndpointStatus status,
            String statusReason, Instant createdAt, String createdBy, Instant lastSuccessAt, Instant lastFailureAt, String lastError,
            Instant previousSecretExpiresAt, long lastSequence, long backlog, long deadLetters, EndpointChannel channel,
            Long ownerFilter, Long requesterFilter, List<String> statusFilter, Instant endsAt) {

        static EndpointRow of(Row r) {
            return new EndpointRow(r.id("id"), r.id("agency_id"), r.text("url"), r.texts("kinds"), r.text("description"),
                    EndpointStatus.of(r.text("status")), r.text("status_reason"), r.instant("created_at"), r.text("created_by"),
                    r.instant("last_success_at"), r.instant("last_failure_at"), r.text("last_error"),
                    r.instant("previous_secret_expires_at"), r.number("last_sequence"), r.number("backlog"), r.number("dead_letters"),
                    EndpointChannel.of(r.text("channel")), r.nullableNumber("filter_owner_agency_id"),
                    r.nullableNumber("filter_requester_agency_id"), r.texts("filter_task_statuses"), r.instant("ends_at"));
        }

        public boolean isSubscription() {
            return channel == EndpointChannel.FHIR_REST_HOOK;
        }
    }

    /** A FHIR subscription to store: its topic's filters, channel headers (sealed) and end. */
    public record SubscriptionSpec(String url, List<String> kinds, String reason, Long ownerFilter, Long requesterFilter,
            List<String> statusFilter, byte[] sealedHeaders, Instant endsAt) {
    }

    /** One notification of a subscription, for $events: its event number, when, and the Task it is about. */
    public record Notification(long eventNumber, Instant at, long deliveryId) {
    }

    /** A message as the admin page lists it (sequence null: not numbered yet, see OutboxStore#number). */
    public record MessageRow(long id, String webhookId, WebhookKind kind, Long sequence, Long deliveryId, Instant createdAt,
            MessageState state, int attempts, Integer lastStatus, String lastError, Instant deadAt) {

        static MessageRow of(Row r) {
            return new MessageRow(r.id("id"), r.text("webhook_id"), WebhookKind.of(r.text("kind")).orElse(WebhookKind.TEST),
                    r.nullableNumber("sequence"), r.nullableNumber("delivery_id"), r.instant("created_at"), MessageState.of(r.text("state")),
                    r.integer("attempts"), r.nullableInteger("last_status"), r.text("last_error"), r.instant("dead_at"));
        }
    }

    private static final String SELECT = """
            SELECT w.id, w.agency_id, w.url, w.kinds, w.description, w.status, w.status_reason, w.created_at, w.created_by,
                   w.last_success_at, w.last_failure_at, w.last_error, w.previous_secret_expires_at, w.last_sequence,
                   w.channel, w.filter_owner_agency_id, w.filter_requester_agency_id, w.filter_task_statuses, w.ends_at,
                   (SELECT count(*) FROM webhook_message m WHERE m.endpoint_id = w.id AND m.state IN ('pending', 'sending')) AS backlog,
                   (SELECT count(*) FROM webhook_message m WHERE m.endpoint_id = w.id AND m.state = 'dead') AS dead_letters
            FROM webhook_endpoint w""";

    @Inject
    EntityManager em;

    long insert(long agencyId, String url, List<String> kinds, String description, byte[] secret, String createdBy, Instant now) {
        return ((Number) em.createNativeQuery("""
                INSERT INTO webhook_endpoint (agency_id, url, kinds, description, secret, created_by, created_at)
                VALUES (:a, :url, CAST(:kinds AS TEXT[]), :d, :s, :by, :now) RETURNING id""")
                .setParameter("a", agencyId).setParameter("url", url).setParameter("kinds", SqlValues.arrayLiteral(kinds))
                .setParameter("d", description).setParameter("s", secret).setParameter("by", createdBy).setParameter("now", now)
                .getSingleResult()).longValue();
    }

    long insertSubscription(long agencyId, SubscriptionSpec spec, byte[] secret, String createdBy, Instant now) {
        return ((Number) em.createNativeQuery("""
                INSERT INTO webhook_endpoint (agency_id, url, kinds, description, secret, created_by, created_at, channel,
                       filter_owner_agency_id, filter_requester_agency_id, filter_task_statuses, channel_headers, ends_at)
                VALUES (:a, :url, CAST(:kinds AS TEXT[]), :d, :s, :by, :now, 'fhir-rest-hook', CAST(:owner AS BIGINT),
                        CAST(:requester AS BIGINT), CAST(:statuses AS TEXT[]), CAST(:headers AS BYTEA), CAST(:ends AS TIMESTAMPTZ)) RETURNING id""")
                .setParameter("a", agencyId).setParameter("url", spec.url()).setParameter("kinds", SqlValues.arrayLiteral(spec.kinds()))
                .setParameter("d", spec.reason()).setParameter("s", secret).setParameter("by", createdBy).setParameter("now", now)
                .setParameter("owner", spec.ownerFilter()).setParameter("requester", spec.requesterFilter())
                .setParameter("statuses", spec.statusFilter().isEmpty() ? null : SqlValues.arrayLiteral(spec.statusFilter()))
                .setParameter("headers", spec.sealedHeaders()).setParameter("ends", spec.endsAt())
                .getSingleResult()).longValue();
    }

    /** A subscription's notifications with event numbers in [since, until], oldest first, at most {@code limit}. */
    List<Notification> notifications(long endpointId, long since, long until, int limit) {
        return Row.all(Row.query(em, """
                SELECT sequence, created_at, delivery_id FROM webhook_message
                WHERE endpoint_id = :e AND sequence BETWEEN :since AND :until AND delivery_id IS NOT NULL
                ORDER BY sequence LIMIT :limit""")
                .setParameter("e", endpointId).setParameter("since", since).setParameter("until", until).setParameter("limit", limit))
                .stream().map(r -> new Notification(r.number("sequence"), r.instant("created_at"), r.id("delivery_id"))).toList();
    }

    List<EndpointRow> forAgency(long agencyId) {
        return Row.all(Row.query(em, SELECT + " WHERE w.agency_id = :a ORDER BY w.id").setParameter("a", agencyId)).stream()
                .map(EndpointRow::of).toList();
    }

    Optional<EndpointRow> find(long id) {
        return Row.first(Row.query(em, SELECT + " WHERE w.id = :id").setParameter("id", id)).map(EndpointRow::of);
    }

    /** Locks the endpoint row (its status and secrets) for this transaction. */
    Optional<OutboxStore.Target> lock(long id) {
        return Row.first(Row.query(em, "SELECT " + OutboxStore.Target.COLUMNS + " FROM webhook_endpoint WHERE id = :id FOR NO KEY UPDATE")
                .setParameter("id", id)).map(OutboxStore.Target::of);
    }

    void setStatus(long id, EndpointStatus status, String reason) {
        em.createNativeQuery("UPDATE webhook_endpoint SET status = :s, status_reason = :r WHERE id = :id")
                .setParameter("s", status.code).setParameter("r", reason).setParameter("id", id).executeUpdate();
    }

    /** The new secret signs from now on; the current one also signs until {@code previousUntil}. */
    void rotate(long id, byte[] secret, Instant previousUntil) {
        em.createNativeQuery("""
                UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_expires_at = :until, secret = :s WHERE id = :id""")
                .setParameter("until", previousUntil).setParameter("s", secret).setParameter("id", id).executeUpdate();
    }

    void delete(long id) {
        em.createNativeQuery("DELETE FROM webhook_endpoint WHERE id = :id").setParameter("id", id).executeUpdate();
    }

    /** Queues one delivered or dead message again (same webhook-id, a fresh retry schedule); 0 when there is none such. */
    int resendOne(long endpointId, String webhookId, Instant now) {
        return em.createNativeQuery("""
                UPDATE webhook_message SET state = 'pending', attempts = 0, next_attempt_at = :now, dead_at = NULL, delivered_at = NULL
                WHERE endpoint_id = :e AND webhook_id = :w AND state IN ('delivered', 'dead')""")
                .setParameter("now", now).setParameter("e", endpointId).setParameter("w", webhookId).executeUpdate();
    }

    /** Queues again every delivered or dead message written at or after {@code since}. */
    int resendSince(long endpointId, Instant since, Instant now) {
        return em.createNativeQuery("""
                UPDATE webhook_message SET state = 'pending', attempts = 0, next_attempt_at = :now, dead_at = NULL, delivered_at = NULL
                WHERE endpoint_id = :e AND created_at >= :since AND state IN ('delivered', 'dead')""")
                .setParameter("now", now).setParameter("e", endpointId).setParameter("since", since).executeUpdate();
    }

    /** Whether the endpoint holds a message with this webhook-id (any state). */
    boolean hasMessage(long endpointId, String webhookId) {
        return !Row.all(Row.query(em, "SELECT 1 AS one FROM webhook_message WHERE endpoint_id = :e AND webhook_id = :w")
                .setParameter("e", endpointId).setParameter("w", webhookId)).isEmpty();
    }

    /** The newest messages of an endpoint in a state, newest first. */
    List<MessageRow> messages(long endpointId, MessageState state, int limit) {
        return Row.all(Row.query(em, """
                SELECT id, webhook_id, kind, sequence, delivery_id, created_at, state, attempts, last_status, last_error, dead_at
                FROM webhook_message WHERE endpoint_id = :e AND state = :s ORDER BY id DESC LIMIT :limit""")
                .setParameter("e", endpointId).setParameter("s", state.code).setParameter("limit", limit)).stream()
                .map(MessageRow::of).toList();
    }
}
