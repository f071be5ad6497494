package org.carerelay.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/**
 * The outbox's SQL: writing messages in the change's transaction, claiming due ones for sending, and recording
 * each attempt's result. Endpoints' own rows are in {@link EndpointStore}.
 */
@ApplicationScoped
public class OutboxStore {

    /** An endpoint that may get a message; a FHIR subscription also has its topic's filters (null or empty: any) and its end. */
    record Target(long endpointId, long agencyId, List<String> kinds, long lastSequence, EndpointChannel channel,
            Long ownerFilter, Long requesterFilter, List<String> statusFilter, Instant endsAt) {

        static final String COLUMNS = "id, agency_id, kinds, last_sequence, channel, filter_owner_agency_id, filter_requester_agency_id,"
                + " filter_task_statuses, ends_at";

        static Target of(Row r) {
            return new Target(r.id("id"), r.id("agency_id"), r.texts("kinds"), r.number("last_sequence"), EndpointChannel.of(r.text("channel")),
                    r.nullableNumber("filter_owner_agency_id"), r.nullableNumber("filter_requester_agency_id"), r.texts("filter_task_statuses"),
                    r.instant("ends_at"));
        }

        /** Whether this endpoint takes the message: its agency and kind, and for a subscription its filters and end. */
        boolean takes(Outbox.Message m, Instant now) {
            if (m.agencyId() != agencyId || !kinds.contains(m.kind().code)) {
                return false;
            }
            if (channel == EndpointChannel.WEBHOOK) {
                return true;
            }
            Outbox.TaskFacts task = m.task();
            return task != null && (endsAt == null || endsAt.isAfter(now))
                    && (ownerFilter == null || ownerFilter == task.ownerAgencyId())
                    && (requesterFilter == null || requesterFilter == task.requesterAgencyId())
                    && (statusFilter.isEmpty() || statusFilter.contains(task.status()));
        }
    }

    /** One message to write for one endpoint (its sequence number is given by the dispatcher, see {@link #number}). */
    record NewMessage(long endpointId, String webhookId, WebhookKind kind, Long deliveryId, String data) {
    }

    /** What a delivery hook needs to know of each delivery. */
    record DeliveryFacts(long deliveryId, long eventId, String eventType, long recipientAgencyId, long sourceAgencyId,
            String txid, String state, String outcome, boolean anyEndpoint) {
        static DeliveryFacts of(Row r) {
            return new DeliveryFacts(r.id("delivery_id"), r.id("event_id"), r.text("event_type"), r.id("recipient_agency_id"),
                    r.id("source_agency_id"), r.text("txid"), r.text("state"), r.text("outcome"), r.bool("any_endpoint"));
        }
    }

    /** A handover query, and whether its two agencies have endpoints. */
    record QueryFacts(long queryId, long handoverId, long sourceAgencyId, long raisedByAgencyId, String status, boolean anyEndpoint) {
        static QueryFacts of(Row r) {
            return new QueryFacts(r.id("query_id"), r.id("handover_id"), r.id("source_agency_id"), r.id("raised_by_agency_id"),
                    r.text("status"), r.bool("any_endpoint"));
        }
    }

    /** A claimed message, with what signing and sending it needs. */
    record Claimed(long id, long endpointId, String webhookId, String kind, long sequence, String data, Instant createdAt,
            int attempts, String url, byte[] secret, byte[] previousSecret, Instant previousSecretExpiresAt, long agencyId,
            EndpointChannel channel, byte[] channelHeaders, Long deliveryId, String claim) {
        static Claimed of(Row r) {
            return new Claimed(r.id("id"), r.id("endpoint_id"), r.text("webhook_id"), r.text("kind"), r.number("sequence"),
                    r.text("data"), r.instant("created_at"), r.integer("attempts"), r.text("url"), (byte[]) r.value("secret"),
                    (byte[]) r.value("previous_secret"), r.instant("previous_secret_expires_at"), r.id("agency_id"),
                    EndpointChannel.of(r.text("channel")), (byte[]) r.value("channel_headers"), r.nullableNumber("delivery_id"),
                    r.text("claimed_by"));
        }
    }

    /** A message the receiver took: when, and its status. */
    record Receipt(long id, int status, Instant at) {
    }

    @Inject
    EntityManager em;

    List<DeliveryFacts> deliveries(List<Long> ids) {
        return Row.all(Row.query(em, """
                SELECT d.id AS delivery_id, d.event_id, t.code AS event_type, d.recipient_agency_id, e.source_agency_id,
                       d.created_txid::text AS txid, d.state, d.outcome,
                       EXISTS (SELECT 1 FROM webhook_endpoint w WHERE w.agency_id IN (d.recipient_agency_id, e.source_agency_id)
                               AND w.status <> 'disabled') AS any_endpoint
                FROM delivery d JOIN shared_event e ON e.id = d.event_id JOIN event_type t ON t.id = e.event_type_id
                WHERE d.id = ANY(CAST(:ids AS BIGINT[])) ORDER BY d.id""")
                .setParameter("ids", SqlValues.arrayLiteral(ids))).stream().map(DeliveryFacts::of).toList();
    }

    Optional<QueryFacts> query(long queryId) {
        return Row.first(Row.query(em, """
                SELECT q.id AS query_id, q.handover_id, h.source_agency_id, q.raised_by_agency_id, q.status,
                       EXISTS (SELECT 1 FROM webhook_endpoint w WHERE w.agency_id IN (h.source_agency_id, q.raised_by_agency_id)
                               AND w.status <> 'disabled') AS any_endpoint
                FROM handover_query q JOIN handover h ON h.id = q.handover_id WHERE q.id = :q""")
                .setParameter("q", queryId)).map(QueryFacts::of);
    }

    /**
     * The endpoints of these agencies that take messages, in id order: a plain read, no lock. The change's
     * transaction writes its messages unnumbered; the dispatcher numbers them once committed ({@link #number}), so
     * concurrent changes for the same agency never wait for each other here.
     */
    List<Target> targets(List<Long> agencyIds) {
        return Row.all(Row.query(em, "SELECT " + Target.COLUMNS + """
                 FROM webhook_endpoint
                WHERE agency_id = ANY(CAST(:a AS BIGINT[])) AND status <> 'disabled'
                ORDER BY id""")
                .setParameter("a", SqlValues.arrayLiteral(agencyIds))).stream().map(Target::of).toList();
    }

    /** Writes the messages in one statement, in list order (ids ascending in that order), without sequence numbers. */
    void insert(List<NewMessage> messages, Instant now) {
        if (messages.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                INSERT INTO webhook_message (endpoint_id, webhook_id, kind, delivery_id, data, created_at, next_attempt_at)
                SELECT t.e, t.w, t.k, t.d, CAST(t.x AS JSONB), :now, :now
                FROM unnest(CAST(:e AS BIGINT[]), CAST(:w AS TEXT[]), CAST(:k AS TEXT[]), CAST(:d AS BIGINT[]), CAST(:x AS TEXT[]))
                     WITH ORDINALITY AS t(e, w, k, d, x, n)
                ORDER BY t.n""")
                .setParameter("e", SqlValues.arrayLiteral(messages.stream().map(NewMessage::endpointId).toList()))
                .setParameter("w", SqlValues.arrayLiteral(messages.stream().map(NewMessage::webhookId).toList()))
                .setParameter("k", SqlValues.arrayLiteral(messages.stream().map(m -> m.kind().code).toList()))
                .setParameter("d", SqlValues.arrayLiteral(messages.stream().map(NewMessage::deliveryId).toList()))
                .setParameter("x", SqlValues.arrayLiteral(messages.stream().map(NewMessage::data).toList()))
                .setParameter("now", now).executeUpdate();
    }

    /**
     * Gives the endpoint's committed, unnumbered messages (at most {@code limit}, in id order) its next sequence
     * numbers. Called under the endpoint's claim lock ({@link #tryLockEndpoint}) just before claiming, so numbers
     * are handed out by one transaction at a time: unique per endpoint and gapless over committed messages (a change
     * that rolled back never had a number). The endpoint row is updated first, then its messages (the order every
     * writer keeps). Returns how many it numbered.
     */
    int number(long endpointId, int limit) {
        return em.createNativeQuery("""
                WITH todo AS (
                    SELECT x.id, row_number() OVER (ORDER BY x.id) AS n FROM (
                        SELECT id FROM webhook_message WHERE endpoint_id = :e AND sequence IS NULL ORDER BY id LIMIT :limit) x
                ), bumped AS (
                    UPDATE webhook_endpoint SET last_sequence = last_sequence + (SELECT count(*) FROM todo)
                    WHERE id = :e AND EXISTS (SELECT 1 FROM todo)
                    RETURNING last_sequence - (SELECT count(*) FROM todo) AS base
                )
                UPDATE webhook_message m SET sequence = b.base + t.n FROM todo t, bumped b WHERE m.id = t.id""")
                .setParameter("e", endpointId).setParameter("limit", limit).executeUpdate();
    }

    /** Endpoints that have something to send now (due, or a claim that lapsed), oldest first. */
    List<Long> endpointsWithWork(Instant now, int limit) {
        return Row.all(Row.query(em, """
                SELECT w.id FROM webhook_endpoint w
                WHERE w.status IN ('active', 'failing')
                  AND (EXISTS (SELECT 1 FROM webhook_message m WHERE m.endpoint_id = w.id AND m.state = 'pending' AND m.next_attempt_at <= :now)
                    OR EXISTS (SELECT 1 FROM webhook_message m WHERE m.endpoint_id = w.id AND m.state = 'sending'
                               AND m.lease_until < clock_timestamp()))
                ORDER BY w.id LIMIT :limit""")
                .setParameter("now", now).setParameter("limit", limit)).stream().map(r -> r.id("id")).toList();
    }

    /** Takes the claim lock of one endpoint for this transaction; false when another instance is claiming for it. */
    boolean tryLockEndpoint(long endpointId) {
        return Boolean.TRUE.equals(em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtextextended('webhook-endpoint:' || :e, 0))")
                .setParameter("e", endpointId).getSingleResult());
    }

    /**
     * Claims due messages of one endpoint (under its claim lock) as up to {@code batches} batches of at most
     * {@code perBatch} messages each: at most {@code concurrency} batches in flight for the endpoint across instances, a
     * delivery's message only when no earlier message of that delivery is still pending or sending (so a batch never holds
     * two of one delivery), rows another transaction holds skipped, only numbered messages ({@link #number}). Each claimed
     * row becomes 'sending' with a lease in database time and its batch's claim ({@code claimPrefix} + the batch's number,
     * oldest messages spread over the batches), which its results are recorded against.
     */
    List<Claimed> claim(long endpointId, Instant now, int batches, int perBatch, int concurrency, String claimPrefix, long leaseSeconds) {
        return Row.all(Row.query(em, """
                WITH busy AS (
                    SELECT count(DISTINCT claimed_by) AS n FROM webhook_message
                    WHERE endpoint_id = :e AND state = 'sending' AND lease_until >= clock_timestamp()
                ), slots AS (
                    SELECT GREATEST(0, LEAST(:batches, :concurrency - (SELECT n FROM busy))) AS k
                ), due AS (
                    SELECT m.id FROM webhook_message m
                    WHERE m.endpoint_id = :e
                      AND m.sequence IS NOT NULL
                      AND ((m.state = 'pending' AND m.next_attempt_at <= :now)
                        OR (m.state = 'sending' AND m.lease_until < clock_timestamp()))
                      AND (m.delivery_id IS NULL OR NOT EXISTS (
                          SELECT 1 FROM webhook_message p WHERE p.endpoint_id = m.endpoint_id AND p.delivery_id = m.delivery_id
                            AND p.id < m.id AND p.state IN ('pending', 'sending')))
                    ORDER BY m.id
                    LIMIT (SELECT k FROM slots) * :perBatch
                    FOR UPDATE SKIP LOCKED
                ), numbered AS (
                    SELECT id, row_number() OVER (ORDER BY id) AS rn FROM due
                ), claimed AS (
                    UPDATE webhook_message m SET state = 'sending', attempts = m.attempts + 1,
                           claimed_by = :prefix || ((n.rn - 1) % GREATEST(1, (SELECT k FROM slots))),
                           lease_until = clock_timestamp() + make_interval(secs => :lease), last_attempt_at = :now
                    FROM numbered n WHERE m.id = n.id
                    RETURNING m.*
                )
                SELECT c.id, c.endpoint_id, c.webhook_id, c.kind, c.sequence, c.data::text AS data, c.created_at, c.attempts,
                       w.url, w.secret, w.previous_secret, w.previous_secret_expires_at, w.agency_id, w.channel, w.channel_headers,
                       c.delivery_id, c.claimed_by
                FROM claimed c JOIN webhook_endpoint w ON w.id = c.endpoint_id ORDER BY c.id""")
                .setParameter("e", endpointId).setParameter("now", now).setParameter("batches", batches).setParameter("perBatch", perBatch)
                .setParameter("concurrency", concurrency).setParameter("prefix", claimPrefix).setParameter("lease", leaseSeconds))
                .stream().map(Claimed::of).toList();
    }

    /**
     * Locks the endpoint row before an attempt's result touches its message: every writer takes the endpoint first
     * and its messages second (deleting an endpoint cascades in that order), so they never deadlock.
     */
    void lockEndpoint(long endpointId) {
        Row.all(Row.query(em, "SELECT id FROM webhook_endpoint WHERE id = :e FOR NO KEY UPDATE").setParameter("e", endpointId));
    }

    /**
     * The receiver took these messages of one endpoint (only while their batch's claim still stands: a lapsed claim
     * someone re-took is theirs), in one statement; the endpoint's "last success" once, to the second.
     */
    void delivered(long endpointId, List<Receipt> receipts, String claim) {
        if (receipts.isEmpty()) {
            return;
        }
        int changed = em.createNativeQuery("""
                UPDATE webhook_message m SET state = 'delivered', delivered_at = r.at, last_status = r.status, last_error = NULL,
                       lease_until = NULL
                FROM unnest(CAST(:ids AS BIGINT[]), CAST(:statuses AS INTEGER[]), CAST(:ats AS TIMESTAMPTZ[])) AS r(id, status, at)
                WHERE m.id = r.id AND m.state = 'sending' AND m.claimed_by = :claim""")
                .setParameter("ids", SqlValues.arrayLiteral(receipts.stream().map(Receipt::id).toList()))
                .setParameter("statuses", SqlValues.arrayLiteral(receipts.stream().map(Receipt::status).toList()))
                .setParameter("ats", SqlValues.arrayLiteral(receipts.stream().map(r -> r.at().toString()).toList()))
                .setParameter("claim", claim).executeUpdate();
        if (changed > 0) {
            Instant last = receipts.get(receipts.size() - 1).at();
            // a busy endpoint's row is not rewritten for every batch: "last success" to the second
            em.createNativeQuery("""
                    UPDATE webhook_endpoint SET last_success_at = :now,
                           status = CASE WHEN status = 'failing' THEN 'active' ELSE status END,
                           status_reason = CASE WHEN status = 'failing' THEN NULL ELSE status_reason END
                    WHERE id = :e
                      AND (status = 'failing' OR last_success_at IS NULL OR last_success_at < CAST(:now AS TIMESTAMPTZ) - interval '1 second'
                           OR last_success_at > :now)""")
                    .setParameter("now", last).setParameter("e", endpointId).executeUpdate();
        }
    }

    /**
     * Gives back messages of a batch that were not attempted (the batch stopped at a failing receiver or ran out of
     * its lease): pending again at once, their claim's attempt not counted.
     */
    void release(List<Long> ids, String claim) {
        if (ids.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                UPDATE webhook_message SET state = 'pending', attempts = attempts - 1, lease_until = NULL
                WHERE id = ANY(CAST(:ids AS BIGINT[])) AND state = 'sending' AND claimed_by = :claim""")
                .setParameter("ids", SqlValues.arrayLiteral(ids)).setParameter("claim", claim).executeUpdate();
    }

    /** A failed attempt: try again at {@code next}, or (next null) a dead letter. True when this call made it dead. */
    boolean failed(long id, String claim, Integer status, String error, Instant now, Instant next) {
        boolean dead = next == null;
        int changed = em.createNativeQuery(dead ? """
                UPDATE webhook_message SET state = 'dead', dead_at = :now, last_status = CAST(:status AS INTEGER), last_error = :error,
                       lease_until = NULL
                WHERE id = :id AND state = 'sending' AND claimed_by = :claim""" : """
                UPDATE webhook_message SET state = 'pending', next_attempt_at = :now, last_status = CAST(:status AS INTEGER),
                       last_error = :error, lease_until = NULL
                WHERE id = :id AND state = 'sending' AND claimed_by = :claim""")
                .setParameter("now", dead ? now : next).setParameter("status", status).setParameter("error", error)
                .setParameter("id", id).setParameter("claim", claim).executeUpdate();
        boolean madeDead = changed > 0 && dead;
        em.createNativeQuery("""
                UPDATE webhook_endpoint SET last_failure_at = :now, last_error = :error,
                       status = CASE WHEN :dead AND status = 'active' THEN 'failing' ELSE status END,
                       status_reason = CASE WHEN :dead AND status = 'active' THEN 'a message exhausted its retries' ELSE status_reason END
                WHERE id = (SELECT endpoint_id FROM webhook_message WHERE id = :id)""")
                .setParameter("now", now).setParameter("error", error).setParameter("dead", madeDead)
                .setParameter("id", id).executeUpdate();
        return madeDead;
    }

    /** The receiver answered 410 Gone: the message is dead and the endpoint disabled. */
    void gone(long id, String claim, Instant now) {
        String error = "410 Gone: the receiver asked to stop; the endpoint is disabled";
        failed(id, claim, 410, error, now, null);
        em.createNativeQuery("""
                UPDATE webhook_endpoint SET status = 'disabled', status_reason = :error
                WHERE id = (SELECT endpoint_id FROM webhook_message WHERE id = :id)""")
                .setParameter("error", error).setParameter("id", id).executeUpdate();
    }

    /**
     * Deletes up to {@code batch} delivered messages delivered before {@code cutoff}, oldest first (the retention purge;
     * dead letters and messages still to send are never purged). Returns how many it deleted.
     */
    int purgeDelivered(Instant cutoff, int batch) {
        return em.createNativeQuery("""
                DELETE FROM webhook_message WHERE id IN (
                    SELECT id FROM webhook_message WHERE state = 'delivered' AND delivered_at < :cutoff
                    ORDER BY delivered_at, id LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                .setParameter("cutoff", cutoff).setParameter("batch", batch).executeUpdate();
    }

    /** Dead letters across all endpoints (the operators' gauge). */
    long deadLetters() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM webhook_message WHERE state = 'dead'").getSingleResult()).longValue();
    }
}
