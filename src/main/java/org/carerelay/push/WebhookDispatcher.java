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
import java.util.LinkedHashMap;
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
 * time claims (a transaction-scoped advisory lock per endpoint) batches of up to {@code batch} messages, up to the
 * endpoint's free share of {@code per-endpoint-concurrency} batches, taking rows with {@code FOR UPDATE SKIP LOCKED}
 * and marking them 'sending' with a lease in database time and the batch's claim. A sender thread sends a batch's
 * messages one after another outside any transaction, stopping at the first failure; the results are recorded in one
 * transaction, only while the claim still stands. An instance that dies mid-send leaves a lapsed lease and the
 * messages are claimed again: the receiver may see one twice, always with the same {@code webhook-id}.
 *
 * <p>Before claiming, the claiming transaction numbers the endpoint's committed, unnumbered messages in id order
 * ({@link OutboxStore#number}): the change's transaction wrote them without a number so that it never waits for
 * another change's. A message is claimed only once numbered.
 *
 * <p>Besides the poll, an instance is woken right after a transaction that wrote messages commits
 * ({@link #wakeAfterCommit}), and a sender that finished a batch records its results and claims the endpoint's next
 * batch in the same transaction, so a busy endpoint is fed continuously rather than once per poll; a batch costs two
 * transactions whatever its size. With
 * {@code poll-every=off} the instance neither polls nor sends.
 *
 * <p>A delivery's next message waits until its previous one is delivered or dead, so each delivery's messages
 * arrive in order. A hanging receiver holds at most its endpoint's share of sender threads, each for at most the
 * timeout (its batch stops there); ingest never waits for a send.
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
        int batchesTotal = 0;
        for (long endpointId : endpoints) {
            int free = Math.min(room - batchesTotal, config.perEndpointConcurrency() - inFlight(endpointId).get());
            if (room - batchesTotal <= 0) {
                break;
            }
            if (free <= 0) {
                continue; // this instance fills the endpoint's share; its senders claim the next batches as they finish
            }
            List<List<OutboxStore.Claimed>> batches = QuarkusTransaction.requiringNew().call(() -> claimFor(endpointId, now, free));
            dispatch(batches);
            batchesTotal += batches.size();
            claimedTotal += batches.stream().mapToInt(List::size).sum();
        }
        return claimedTotal;
    }

    /**
     * Under the endpoint's claim lock (or not at all): numbers its new messages, then claims up to {@code batches}
     * batches of due ones, each as it will be sent (in id order).
     */
    private List<List<OutboxStore.Claimed>> claimFor(long endpointId, Instant now, int batches) {
        if (batches <= 0 || !store.tryLockEndpoint(endpointId)) {
            return List.of();
        }
        store.number(endpointId, NUMBER_BATCH);
        long lease = config.timeout().plus(config.leaseMargin()).toSeconds();
        Map<String, List<OutboxStore.Claimed>> byClaim = new LinkedHashMap<>();
        for (OutboxStore.Claimed c : store.claim(endpointId, now, batches, config.batch(), config.perEndpointConcurrency(),
                instance + ":" + UUID.randomUUID().toString().substring(0, 8) + ":", lease)) {
            byClaim.computeIfAbsent(c.claim(), k -> new ArrayList<>()).add(c);
        }
        return List.copyOf(byClaim.values());
    }

    private void dispatch(List<List<OutboxStore.Claimed>> batches) {
        for (List<OutboxStore.Claimed> batch : batches) {
            long endpointId = batch.get(0).endpointId();
            inFlight.incrementAndGet();
            inFlight(endpointId).incrementAndGet();
            try {
                senders.execute(() -> send(batch));
            } catch (RuntimeException e) {
                done(endpointId); // stopping: the lease lapses and another instance sends it
            }
        }
    }

    private AtomicInteger inFlight(long endpointId) {
        return inFlightPerEndpoint.computeIfAbsent(endpointId, e -> new AtomicInteger());
    }

    private void done(long endpointId) {
        inFlight(endpointId).decrementAndGet();
        inFlight.decrementAndGet();
    }

    /** One attempt's outcome, when it ended. */
    private record Attempt(OutboxStore.Claimed message, ReceiverExchange.Answer answer, Instant at) {
    }

    /**
     * Sends one batch in order, one attempt each, and stops at the first failure (the receiver is in trouble: the rest
     * is given back untried) or when a further send could outlast the claim's lease. The results, the release of what
     * was not tried and the endpoint's next batch (this batch's slot is free again) are one transaction.
     */
    private void send(List<OutboxStore.Claimed> batch) {
        long endpointId = batch.get(0).endpointId();
        String claim = batch.get(0).claim();
        List<List<OutboxStore.Claimed>> next = List.of();
        List<Attempt> attempts = new ArrayList<>();
        List<Long> untried = new ArrayList<>();
        long started = System.nanoTime();
        long sendWithin = config.leaseMargin().toNanos();
        try {
            for (OutboxStore.Claimed c : batch) {
                boolean stop = !attempts.isEmpty() && (!attempts.get(attempts.size() - 1).answer().success()
                        || System.nanoTime() - started > sendWithin || Thread.currentThread().isInterrupted());
                if (stop) {
                    untried.add(c.id());
                    continue;
                }
                ReceiverExchange.Answer answer = attempt(c);
                attempts.add(new Attempt(c, answer, clock.instant()));
            }
            Instant now = clock.instant();
            next = QuarkusTransaction.requiringNew().call(() -> {
                record(endpointId, claim, attempts, untried);
                return claimFor(endpointId, now, 1);
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "webhook endpoint %d: recording a batch of %d failed; its claim lapses and it is sent again", endpointId, batch.size());
        } finally {
            done(endpointId);
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

    private void record(long endpointId, String claim, List<Attempt> attempts, List<Long> untried) {
        store.lockEndpoint(endpointId);
        List<OutboxStore.Receipt> receipts = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.answer().success()) {
                receipts.add(new OutboxStore.Receipt(a.message().id(), a.answer().status(), a.at()));
            }
        }
        store.delivered(endpointId, receipts, claim);
        delivered.increment(receipts.size());
        for (Attempt a : attempts) {
            if (!a.answer().success()) {
                failed(a.message(), claim, a.answer(), a.at());
            }
        }
        store.release(untried, claim);
    }

    private void failed(OutboxStore.Claimed c, String claim, ReceiverExchange.Answer answer, Instant now) {
        failedAttempts.increment();
        if (answer.status() != null && answer.status() == 410) {
            store.gone(c.id(), claim, now);
            LOG.warnf("Webhook endpoint %d answered 410 Gone to %s: the endpoint is disabled", c.endpointId(), c.webhookId());
            return;
        }
        Duration retryAfter = RetrySchedule.retryAfter(answer.retryAfter(), now);
        Instant next = schedule.next(c.attempts(), now, retryAfter, ThreadLocalRandom.current());
        if (store.failed(c.id(), claim, answer.status(), answer.detail(), now, next)) {
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
