package org.carerelay.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * The audit trail of the generated history, written as AuditLog writes it (who, agency, roles, action,
 * resource, client, sensitivity, fields shown, purpose, outcome, reason, address, agent) and in time
 * order, as a live system appends it. Entries wait in a time-ordered buffer until the generator has
 * passed their time, then go in chunks to a COPY on a second connection, in their own transactions.
 * The table's trigger assigns the ids and computes the hash chain, so the chain is valid by construction.
 */
final class Audit {

    private static final String COPY = "COPY audit_entry (at, request_id, user_id, username, agency_id, roles, action, resource_type,"
            + " resource_id, client_id, sensitivity, fields_shown, purpose, outcome, reason, client_address, user_agent, prev_hash, hash)"
            + " FROM STDIN";
    private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private static final String CONNECTOR = "CareRelay-Connector/2.3 (Java-http-client/17)";
    private static final int CHUNK_ROWS = 20_000;
    private static final String END = "";

    private record Entry(long micros, long seq, String line) {
    }

    private final PriorityQueue<Entry> pending = new PriorityQueue<>(Comparator.comparingLong(Entry::micros).thenComparingLong(Entry::seq));
    private final BlockingQueue<String> chunks = new ArrayBlockingQueue<>(3);
    private final AtomicLong written = new AtomicLong();
    private final Instant now;
    private final Thread writer;
    private StringBuilder chunk = new StringBuilder(1 << 20);
    private int chunkRows;
    private long seq;
    private long created;
    private Instant floor = Instant.EPOCH;
    private volatile Throwable failure;

    Audit(Connection connection, Instant now) {
        this.now = now;
        writer = new Thread(() -> {
            try {
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (String text = chunks.take(); !text.equals(END); text = chunks.take()) {
                    written.addAndGet(copy.copyIn(COPY, new StringReader(text)));
                }
            } catch (Throwable e) {
                failure = e;
                chunks.clear();
            }
        }, "audit-copy");
        writer.setDaemon(true);
        writer.start();
    }

    static String requestId(Random r) {
        return new UUID(r.nextLong() & 0xffffffffffff0fffL | 0x4000L, r.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
    }

    long created() {
        return created;
    }

    long written() {
        return written.get();
    }

    long pending() {
        return pending.size();
    }

    void write(Instant at, String requestId, Staff.Person who, String resourceType, Object resourceId, Long clientId, String reason) {
        entry(at, requestId, who, "write", resourceType, resourceId, clientId, List.of(), List.of(), "care_delivery", true, reason);
    }

    void view(Instant at, String requestId, Staff.Person who, String resourceType, Object resourceId, Long clientId,
            List<String> sensitivity, List<String> fields, String purpose) {
        entry(at, requestId, who, "view", resourceType, resourceId, clientId, sensitivity, fields, purpose, true, null);
    }

    void list(Instant at, String requestId, Staff.Person who, String resourceType, String purpose, String detail) {
        entry(at, requestId, who, "list", resourceType, null, null, List.of(), List.of(), purpose, true, detail);
    }

    void denied(Instant at, String requestId, Staff.Person who, String resourceType, Object resourceId, Long clientId, String purpose,
            String reason) {
        entry(at, requestId, who, "view", resourceType, resourceId, clientId, List.of(), List.of(), purpose, false, reason);
    }

    /** One entry; {@code who == null} is the system itself (background jobs). Nothing after "now" is kept. */
    void entry(Instant at, String requestId, Staff.Person who, String action, String resourceType, Object resourceId, Long clientId,
            List<String> sensitivity, List<String> fields, String purpose, boolean allowed, String reason) {
        if (at.isAfter(now)) {
            return;
        }
        if (at.isBefore(floor)) {
            at = floor; // never before what was already written: the trail stays in time order
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
        boolean system = who == null;
        boolean partner = !system && who.roles().contains("partner-system");
        int host = system ? 0 : Math.floorMod(who.username().hashCode(), 250) + 2;
        StringBuilder b = new StringBuilder(256);
        Object[] values = {at, system ? "system" : requestId, system ? null : who.subject(), system ? "system" : who.username(),
            system ? null : who.agencyId(), system ? List.of() : who.roles(), action, resourceType,
            resourceId == null ? null : String.valueOf(resourceId), clientId, sensitivity, fields, purpose, allowed ? "allowed" : "denied",
            reason, system ? null : (partner ? "10.50.0." : "10.20." + who.agencyId() + ".") + host, system ? null : partner ? CONNECTOR : BROWSER,
            "", ""};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            CopyTable.value(b, values[i]);
        }
        b.append('\n');
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
        pending.add(new Entry(micros, seq++, b.toString()));
        created++;
    }

    /** Sends every entry before {@code cutoff} to the writer, oldest first; later entries may still arrive before it. */
    void release(Instant cutoff) throws InterruptedException {
        check();
        long limit = cutoff.equals(Instant.MAX) ? Long.MAX_VALUE : cutoff.getEpochSecond() * 1_000_000L + cutoff.getNano() / 1000;
        while (!pending.isEmpty() && pending.peek().micros() < limit) {
            chunk.append(pending.poll().line());
            if (++chunkRows >= CHUNK_ROWS) {
                send();
            }
        }
        if (cutoff.isAfter(floor)) {
            floor = cutoff;
        }
    }

    private void send() throws InterruptedException {
        if (chunkRows > 0) {
            String text = chunk.toString();
            while (!chunks.offer(text, 1, java.util.concurrent.TimeUnit.SECONDS)) {
                check();
            }
            chunk = new StringBuilder(1 << 20);
            chunkRows = 0;
        }
        check();
    }

    /** Writes everything left and waits for the writer to finish. */
    void finish() throws InterruptedException {
        release(Instant.MAX);
        send();
        while (!chunks.offer(END, 1, java.util.concurrent.TimeUnit.SECONDS)) {
            check();
        }
        writer.join();
        check();
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("writing audit entries failed: " + failure.getMessage(), failure);
        }
    }
}
