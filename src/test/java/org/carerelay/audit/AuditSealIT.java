package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.Eventually;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.PartnerTokens;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged app's sealer (every second) against concurrent writers, late commits and an owner
 * who changes, removes or reorders sealed rows. Tampering happens in an owner transaction that the
 * test verifies inside and then rolls back, so nothing changed stays for later tests. Whole-trail
 * rewrites: AuditRewriteIT; the page and the command line: AuditCheckPageIT.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class AuditSealIT {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void twoHundredConcurrentWritersLeaveNoGapAndNoFork() throws Exception {
        // A delivery to Northgate housing: every read of it by Riverside's system is refused, and each refusal is one audit entry.
        String family = "Sealed" + UUID.randomUUID().toString().substring(0, 6);
        PartnerApi.share(PartnerTokens.RIVERSIDE, EventBodies.event("SYMPTOM_DETERIORATION",
                ClientBodies.person("RGH-" + UUID.randomUUID(), "Ola", family, "1950-02-03"), "2026-11-24T10:00:00Z",
                EventBodies.fields("symptom", "Breathless", "severity", "moderate", "reportedVia", "phone", "observedAt", "2026-11-24T09:00:00Z")));
        long delivery = TestDatabase.number("SELECT min(d.id) FROM delivery d JOIN client c ON c.id = d.client_id WHERE c.family_name = ?", family);
        String token = PartnerTokens.token(PartnerTokens.NORTHGATE);
        if (TestDatabase.number("SELECT count(*) FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id WHERE d.id = ? AND a.slug = 'northgate-housing'",
                delivery) == 1) {
            token = PartnerTokens.token(PartnerTokens.WELFARE);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<Void>>> reads = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<HttpResponse<Void>> result = new CompletableFuture<>();
            reads.add(result);
            HttpRequest request = HttpRequest.newBuilder(URI.create(Browser.PORTAL_URL + "/api/v1/deliveries/" + delivery))
                    .header("Authorization", "Bearer " + token).GET().build();
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                    result.complete(HTTP.send(request, HttpResponse.BodyHandlers.discarding()));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
            writer.start();
            writers.add(writer);
        }
        start.countDown();
        for (CompletableFuture<HttpResponse<Void>> read : reads) {
            assertEquals(404, read.get().statusCode(), "another agency's delivery is refused");
        }
        for (Thread writer : writers) {
            writer.join();
        }
        List<Long> entries = TestDatabase.ids("SELECT id FROM audit_entry WHERE resource_type = 'delivery' AND resource_id = ? AND outcome = 'denied'",
                String.valueOf(delivery));
        assertEquals(200, entries.size(), "one denied entry per refused read");
        SealedTrail.awaitSealed(entries);

        assertEquals(TestDatabase.number("SELECT count(*) FROM audit_seal"), TestDatabase.number("SELECT max(seal_seq) FROM audit_seal"),
                "seal numbers 1..n without a gap");
        assertEquals(1, TestDatabase.number("SELECT min(seal_seq) FROM audit_seal"));
        assertEquals(TestDatabase.number("SELECT count(*) FROM audit_epoch"), TestDatabase.number("SELECT max(number) FROM audit_epoch"),
                "epochs 1..n without a gap");
        assertEquals(0, TestDatabase.number("""
                SELECT count(*) FROM audit_epoch e LEFT JOIN audit_epoch p ON p.number = e.number - 1
                WHERE e.prev_head <> coalesce(p.head, repeat('0', 64)) OR e.first_seq <> coalesce(p.last_seq, 0) + 1"""),
                "no fork: each epoch continues the one before it, head and seal numbers");
        assertEquals(0, TestDatabase.number("""
                SELECT count(*) FROM audit_seal s JOIN audit_epoch e ON e.number = s.epoch WHERE s.seal_seq NOT BETWEEN e.first_seq AND e.last_seq"""),
                "every seal lies in its epoch's range");
        assertEquals(0, TestDatabase.number("""
                SELECT count(*) FROM audit_entry e, (SELECT last_txid, last_entry FROM audit_epoch ORDER BY number DESC LIMIT 1) l
                WHERE (e.txid, e.id) <= (l.last_txid, l.last_entry) AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.entry_id = e.id)"""),
                "no committed entry was skipped");
        AuditVerification result = SealedTrail.verifyNow();
        assertTrue(result.intact(), result.summary());
        assertTrue(result.rowsChecked() >= 200, result.summary());
    }

    @Test
    void aChangedRemovedOrReorderedSealedEntryIsNamed() throws Exception {
        List<Long> e = SealedTrail.write(7, "tamper target " + UUID.randomUUID());
        SealedTrail.awaitSealed(e);

        try (Connection owner = SealedTrail.tamperingOwner()) {
            SealedTrail.execute(owner, "UPDATE audit_entry SET reason = 'nothing to see' WHERE id = ?", e.get(0));
            AuditVerification v = SealedTrail.verify(owner);
            owner.rollback();
            AuditVerification.Problem p = SealedTrail.problemNaming(v, e.get(0));
            assertEquals("changed", p.kind(), p.describe());
            assertEquals(SealedTrail.seal(e.get(0)), p.sealSeq());
            assertTrue(p.describe().contains("does not match its hash"), p.describe());
        }
        try (Connection owner = SealedTrail.tamperingOwner()) {
            SealedTrail.execute(owner, "DELETE FROM audit_entry WHERE id = ?", e.get(1));
            AuditVerification v = SealedTrail.verify(owner);
            owner.rollback();
            AuditVerification.Problem p = SealedTrail.problemNaming(v, e.get(1));
            assertEquals("removed", p.kind(), p.describe());
        }
        try (Connection owner = SealedTrail.tamperingOwner()) {
            long seal = SealedTrail.seal(e.get(2));
            SealedTrail.execute(owner, "DELETE FROM audit_entry WHERE id = ?", e.get(2));
            SealedTrail.execute(owner, "DELETE FROM audit_seal WHERE entry_id = ?", e.get(2));
            AuditVerification v = SealedTrail.verify(owner);
            owner.rollback();
            assertTrue(v.problems().stream().anyMatch(p -> "missing-seal".equals(p.kind()) && p.sealSeq() == seal), v.summary());
        }
        try (Connection owner = SealedTrail.tamperingOwner()) {
            // Reordered: the two entries' seal numbers swapped.
            long first = SealedTrail.seal(e.get(3));
            long second = SealedTrail.seal(e.get(4));
            SealedTrail.execute(owner, "UPDATE audit_seal SET seal_seq = -seal_seq WHERE entry_id IN (?, ?)", e.get(3), e.get(4));
            SealedTrail.execute(owner, "UPDATE audit_seal SET seal_seq = ? WHERE entry_id = ?", second, e.get(3));
            SealedTrail.execute(owner, "UPDATE audit_seal SET seal_seq = ? WHERE entry_id = ?", first, e.get(4));
            AuditVerification v = SealedTrail.verify(owner);
            owner.rollback();
            AuditVerification.Problem p = SealedTrail.problemNaming(v, e.get(3));
            assertEquals("reordered", p.kind(), p.describe());
        }
        try (Connection owner = SealedTrail.tamperingOwner()) {
            // Reordered: the two entries' contents swapped, each row keeping its id.
            String columns = "at, request_id, user_id, username, agency_id, roles, action, resource_type, resource_id, client_id, sensitivity,"
                    + " fields_shown, purpose, outcome, reason, client_address, user_agent";
            SealedTrail.execute(owner, "CREATE TEMP TABLE swap ON COMMIT DROP AS SELECT id, " + columns + " FROM audit_entry WHERE id IN (?, ?)",
                    e.get(5), e.get(6));
            SealedTrail.execute(owner, "UPDATE audit_entry a SET (" + columns + ") = (SELECT " + columns + " FROM swap s WHERE s.id <> a.id)"
                    + " WHERE a.id IN (?, ?)", e.get(5), e.get(6));
            AuditVerification v = SealedTrail.verify(owner);
            owner.rollback();
            AuditVerification.Problem p = SealedTrail.problemNaming(v, e.get(5));
            assertEquals("reordered", p.kind(), p.describe());
            assertTrue(p.describe().contains("entry " + e.get(6)), p.describe());
        }
        AuditVerification after = SealedTrail.verifyNow();
        assertTrue(after.intact(), "nothing of the tampering stayed: " + after.summary());
    }

    @Test
    void anEntryCommittedLateIsStillSealedAndTheWaitRaisesTheAlarm() throws Exception {
        long before = SealedTrail.write(1, "before the long transaction " + UUID.randomUUID()).get(0);
        try (Connection longTransaction = TestDatabase.app(); Connection app = TestDatabase.app()) {
            longTransaction.setAutoCommit(false);
            long late = SealedTrail.write(longTransaction, "written in a long transaction " + UUID.randomUUID());
            // Committed meanwhile by someone else, and already ten minutes old: it cannot be sealed before the long transaction ends.
            long waiting;
            try (var s = app.prepareStatement("""
                    INSERT INTO audit_entry (at, request_id, username, roles, action, resource_type, purpose, outcome, reason, prev_hash, hash)
                    VALUES (now() - interval '10 minutes', ?, 'system', '{}', 'list', 'test', 'administration', 'allowed', 'waits', '', '')
                    RETURNING id""")) {
                s.setString(1, UUID.randomUUID().toString());
                var r = s.executeQuery();
                r.next();
                waiting = r.getLong(1);
            }
            SealedTrail.awaitSealed(List.of(before));
            assertEquals(0, SealedTrail.sealedOf(List.of(waiting)), "an entry after the open transaction in seal order waits for it");
            Eventually.until("the health check raises the unsealed-entries alarm", SealedTrail.SEALING, () -> {
                String health = get("/q/health/well");
                return health.contains("\"audit-sealing\"") && health.replaceAll("\\s", "").contains("\"status\":\"DOWN\"");
            });
            Eventually.until("the metric shows the ten-minute wait", SealedTrail.SEALING,
                    () -> gauge(get("/q/metrics"), "carerelay_audit_unsealed_age_seconds") >= 600);

            longTransaction.commit();
            SealedTrail.awaitSealed(List.of(late, waiting));
            assertTrue(SealedTrail.epochOf(late) > SealedTrail.epochOf(before), "sealed in a later epoch than what was sealed while it was open");
            assertTrue(SealedTrail.seal(late) < SealedTrail.seal(waiting), "in seal order it comes before what committed while it was open");
        }
        Eventually.until("the alarm clears", SealedTrail.SEALING, () -> get("/q/health/well").replaceAll("\\s", "").contains("\"status\":\"UP\""));
        AuditVerification result = SealedTrail.verifyNow();
        assertTrue(result.intact(), result.summary());
    }

    static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create((path.startsWith("/q/") ? Browser.MANAGEMENT_URL : Browser.PORTAL_URL) + path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static double gauge(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
