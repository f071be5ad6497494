package org.carerelay.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sends the outbox. Every instance polls ({@code carerelay.webhook.poll-every}); per endpoint, one instance at a
 * time claims (a transaction-scoped advisory lock per endpoint) up to the endpoint's free share of
 * {@code per-endpoint-concurrency}, taking rows with {@code FOR UPDATE SKIP LOCKED} and marking them 'sending' with
 * a lease in database time. The HTTP exchange runs outside any transaction on this instance's sender pool; its
 * result is recorded only while the claim still stands. An instance that dies mid-send leaves a lapsed lease and
 * the message is claimed again: the receiver may see it twice, always with the same {@code webhook-id}.
 *
 * <p>Before claiming, the claiming transaction numbers the endpoint's committed, unnumbered messages in id order
 * ({@link OutboxStore#number}): the change's transaction wrote them without a number so that it never waits for
 * another change's. A message is claimed only once numbered.
 *
 * <p>Besides the poll, an instance is woken right after a transaction that wrote messages commits
 * ({@link #wakeAfterCommit}), and a sender that finished one attempt records its result and claims the endpoint's next
 * due messages in the same transaction, so a busy endpoint is fed continuously rather than once per poll. With
 * {@code poll-every=off} the instance neither polls nor sends.
 *
 * <p>A delivery's next message waits until its previous one is delivered or dead, so each delivery's messages
 * arrive in order. A hanging receiver holds at most its endpoint's share of sender threads, each for at most the
 * timeout; ingest never waits for a send.
 */
@ApplicationScoped
public class WebhookDispatcher {

    public static final String IDENTITY = "webhook-dispatch";
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final int ENDPOINTS_PER_POLL = 200;
    static final String FHIR_JSON = "application/fhir+json";
    /** Messages numbered per endpoint in one claiming transaction. */
    static final int NUMBER_BATCH = 1000;
    /** A wake after commit runs the claim this much later, so the commits of a burst share one run. */
    static final long WAKE_DELAY_MILLIS = 20;

    @Inject
    OutboxStore store;

    @Inject
    SecretBox secrets;

    @Inject
    WebhookConfig config;

    @Inject
    EndpointGuard guard;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    SubscriptionNotices notifications;

    @Inject
    TransactionSynchronizationRegistry transactions;

    private final String instance = "instance-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Sends in flight on this instance per endpoint: a run skips an endpoint whose share this instance fills already. */
    private final Map<Long, AtomicInteger> inFlightPerEndpoint = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean runAgain = new AtomicBoolean();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile boolean sending;
    private ScheduledExecutorService waker;
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile long deadLettersReadAt;
    private ExecutorService senders;
    private ReceiverExchange exchange;
    private RetrySchedule schedule;
    private Counter deadCounter;
    private Counter delivered;
    private Counter failedAttempts;

    void onStart(@Observes StartupEvent event) {
        schedule = RetrySchedule.parse(config.retrySchedule());
        exchange = new ReceiverExchange(config.timeout());
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        sending = !"off".equalsIgnoreCase(config.pollEvery().trim());
        waker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-waker");
            t.setDaemon(true);
            return t;
        });
        deadCounter = Counter.builder("carerelay.webhook.dead.letters").description("Webhook messages that exhausted their retries")
                .register(registry);
        delivered = Counter.builder("carerelay.webhook.attempts").tag("outcome", "delivered").register(registry);
        failedAttempts = Counter.builder("carerelay.webhook.attempts").tag("outcome", "failed").register(registry);
        Gauge.builder("carerelay.webhook.dead.letters.stored", deadLetters, AtomicLong::get)
                .description("Dead letters in the outbox, every endpoint (until resent)").register(registry);
        Gauge.builder("carerelay.webhook.sending", inFlight, AtomicInteger::get)
                .description("Webhook sends in flight on this instance").register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (senders != null) {
            senders.shutdownNow();
        }
        if (waker != null) {
            waker.shutdownNow();
        }
    }

    @Scheduled(identity = IDENTITY, every = "${carerelay.webhook.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook dispatch failed; the next poll tries again");
        }
    }

    /**
     * Wakes this instance's dispatcher once the current transaction commits (the outbox calls it after writing
     * messages); nothing happens on rollback, and the poll remains the safety net.
     */
    void wakeAfterCommit() {
        if (!sending || transactions.getResource(WebhookDispatcher.class) != null) {
            return;
        }
        transactions.putResource(WebhookDispatcher.class, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake();
                }
            }
        });
    }

    /** Runs a claim soon on the waker thread; wakes while one is pending share it. */
    void wake() {
        if (waker == null || !wakePending.compareAndSet(false, true)) {
            return;
        }
        try {
            waker.schedule(() -> {
                wakePending.set(false);
                scheduled();
            }, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            wakePending.set(false); // stopping
        }
    }

    /**
     * Claims what is due now and hands it to the senders; returns how many messages it claimed. One run at a time on
     * an instance: a run asked for while one is under way happens right after it.
     */
    public int runOnce() {
        if (!running.compareAndSet(false, true)) {
            runAgain.set(true);
            return 0;
        }
        int claimed = 0;
        try {
            do {
                runAgain.set(false);
                claimed += claimDue();
            } while (runAgain.get());
        } finally {
            running.set(false);
        }
        return claimed;
    }

    private int claimDue() {
        refreshDeadLetterGauge();
        int room = config.workers() - inFlight.get();
        if (room <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<Long> endpoints = QuarkusTransaction.requiringNew().call(() -> store.endpointsWithWork(now, ENDPOINTS_PER_POLL));
        int claimedTotal = 0;
        for (long endpointId : endpoints) {
            int free = room - claimedTotal;
            if (free <= 0) {
                break;
            }
            if (inFlight(endpointId).get() >= config.perEndpointConcurrency()) {
                continue; // this instance fills the endpoint's share; its senders claim the next ones as they finish
            }
            List<OutboxStore.Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> claimFor(endpointId, now, free));
            dispatch(claimed);
            claimedTotal += claimed.size();
        }
        return claimedTotal;
    }

    /** Under the endpoint's claim lock (or not at all): numbers its new messages, then claims up to {@code free} due ones. */
    private List<OutboxStore.Claimed> claimFor(long endpointId, Instant now, int free) {
        if (free <= 0 || !store.tryLockEndpoint(endpointId)) {
            return List.of();
        }
        store.number(endpointId, NUMBER_BATCH);
        long lease = config.timeout().plus(config.leaseMargin()).toSeconds();
        return store.claim(endpointId, now, free, config.perEndpointConcurrency(), instance, lease);
    }

    private void dispatch(List<OutboxStore.Claimed> claimed) {
        for (OutboxStore.Claimed c : claimed) {
            inFlight.incrementAndGet();
            inFlight(c.endpointId()).incrementAndGet();
            try {
                senders.execute(() -> send(c));
            } catch (RuntimeException e) {
                done(c); // stopping: the lease lapses and another instance sends it
            }
        }
    }

    private AtomicInteger inFlight(long endpointId) {
        return inFlightPerEndpoint.computeIfAbsent(endpointId, e -> new AtomicInteger());
    }

    private void done(OutboxStore.Claimed c) {
        inFlight(c.endpointId()).decrementAndGet();
        inFlight.decrementAndGet();
    }

    /** One attempt; its result and the endpoint's next claim (this send's slot is free again) in one transaction. */
    private void send(OutboxStore.Claimed c) {
        List<OutboxStore.Claimed> next = List.of();
        try {
            ReceiverExchange.Answer answer = attempt(c);
            Instant now = clock.instant();
            int free = config.workers() - inFlight.get() + 1;
            next = QuarkusTransaction.requiringNew().call(() -> {
                record(c, answer, now);
                return claimFor(c.endpointId(), now, free);
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook %s: recording the attempt failed; its claim lapses and it is sent again", c.webhookId());
        } finally {
            done(c);
        }
        dispatch(next);
    }

    ReceiverExchange.Answer attempt(OutboxStore.Claimed c) {
        Optional<String> refused = guard.problem(c.url());
        if (refused.isPresent()) {
            return new ReceiverExchange.Answer(null, null, "not sent: the URL " + refused.get());
        }
        Instant now = clock.instant();
        if (c.channel() == EndpointChannel.FHIR_REST_HOOK) {
            return exchange.post(c.url(), FHIR_JSON, notifications.body(c.endpointId(), WebhookKind.of(c.kind()).orElseThrow(),
                    c.sequence(), c.createdAt(), c.deliveryId()), channelHeaders(c));
        }
        long timestamp = now.getEpochSecond();
        String body = body(c);
        List<String> keys = new ArrayList<>(List.of(secrets.open(c.secret())));
        if (c.previousSecret() != null && c.previousSecretExpiresAt() != null && c.previousSecretExpiresAt().isAfter(now)) {
            keys.add(secrets.open(c.previousSecret()));
        }
        return exchange.post(c.url(), "application/json", body, List.of(new String[] {"webhook-id", c.webhookId()},
                new String[] {"webhook-timestamp", String.valueOf(timestamp)},
                new String[] {"webhook-signature", WebhookSigner.signature(keys, c.webhookId(), timestamp, body)}));
    }

    /** A subscription's own headers ("Name: value", as it gave them), and the message id for receivers that deduplicate. */
    private List<String[]> channelHeaders(OutboxStore.Claimed c) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"webhook-id", c.webhookId()});
        if (c.channelHeaders() != null) {
            for (String line : secrets.open(c.channelHeaders()).split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
                }
            }
        }
        return headers;
    }

    /** The body, the same on every attempt: {"type", "id", "sequence", "timestamp" (when written), "data"}. */
    String body(OutboxStore.Claimed c) {
        try {
            return "{\"type\":" + json.writeValueAsString(c.kind()) + ",\"id\":" + json.writeValueAsString(c.webhookId())
                    + ",\"sequence\":" + c.sequence() + ",\"timestamp\":" + json.writeValueAsString(c.createdAt().toString())
                    + ",\"data\":" + c.data() + "}";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(OutboxStore.Claimed c, ReceiverExchange.Answer answer, Instant now) {
        store.lockEndpoint(c.endpointId());
        if (answer.success()) {
            delivered.increment();
            store.delivered(c.id(), instance, answer.status(), now);
            return;
        }
        failedAttempts.increment();
        if (answer.status() != null && answer.status() == 410) {
            store.gone(c.id(), instance, now);
            LOG.warnf("Webhook endpoint %d answered 410 Gone to %s: the endpoint is disabled", c.endpointId(), c.webhookId());
            return;
        }
        Duration retryAfter = RetrySchedule.retryAfter(answer.retryAfter(), now);
        Instant next = schedule.next(c.attempts(), now, retryAfter, ThreadLocalRandom.current());
        if (store.failed(c.id(), instance, answer.status(), answer.detail(), now, next)) {
            deadCounter.increment();
            LOG.warnf("Webhook dead letter: message %s (%s, sequence %d) to endpoint %d of agency %d failed %d attempts over the"
                    + " retry schedule; last: %s. The endpoint is flagged failing; resend it from the admin page or the API.",
                    c.webhookId(), c.kind(), c.sequence(), c.endpointId(), c.agencyId(), c.attempts(), answer.detail());
        }
    }

    private void refreshDeadLetterGauge() {
        long nowMillis = System.currentTimeMillis();
        if (nowMillis - deadLettersReadAt > 15_000) {
            deadLettersReadAt = nowMillis;
            deadLetters.set(QuarkusTransaction.requiringNew().call(store::deadLetters));
        }
    }

    /** Waits for this instance's sends to finish (tests). */
    boolean idle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return inFlight.get() == 0;
    }

    RetrySchedule schedule() {
        return schedule;
    }
}
