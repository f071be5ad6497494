package org.carerelay.audit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.carerelay.harness.Browser;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.DemoUsers;
import org.carerelay.harness.LocalStack;
import org.carerelay.harness.PortalUnderTest;
import org.carerelay.harness.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a privacy officer and an operator do with the sealed trail: the check page, the signed head
 * to download, an inclusion proof checked with the public key alone, a changed entry named on the
 * page, and the command line (deploy/local/verify-audit.sh) with an exported heads file.
 */
@QuarkusIntegrationTest
@WithTestResource(CareRelayStack.class)
@ExtendWith(PortalUnderTest.class)
class AuditCheckPageIT {

    static Browser browser; // one Chromium for the class, set by PortalUnderTest

    static AuditEntryRow row(long entry) throws Exception {
        try (Connection c = TestDatabase.owner(); PreparedStatement s = c.prepareStatement("SELECT " + AuditEntryRow.COLUMNS
                + " FROM audit_entry e WHERE e.id = ?")) {
            s.setLong(1, entry);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return AuditEntryRow.read(r);
            }
        }
    }

    @Test
    void aPrivacyOfficerChecksTheTrailDownloadsTheSignedHeadAndProvesAnEntry() throws Exception {
        long entry = SealedTrail.write(1, "proof target " + UUID.randomUUID()).get(0);
        SealedTrail.awaitSealed(List.of(entry));
        Page page = browser.loginAs(DemoUsers.PRIVACY_EASTSIDE);
        page.navigate(Browser.PORTAL_URL + "/admin/audit-chain");
        assertThat(page.getByTestId("chain-result")).containsText("Intact.");
        assertThat(page.getByTestId("last-epoch")).not().containsText("none yet");
        assertThat(page.getByTestId("key-id")).hasText(SealKeys.keyId(SealedTrail.DEMO_KEY));

        Download heads = page.waitForDownload(() -> page.getByTestId("heads-download").click());
        SignedHeads file = SignedHeads.read(heads.path());
        SignedHeads.Head newest = file.newest();
        assertTrue(newest.epoch() >= SealedTrail.epochOf(entry), "the newest head covers the entry");
        assertTrue(SealKeys.verify(SealedTrail.DEMO_KEY, newest.epoch(), newest.head(), newest.signature()), "signed with the sealing key");
        assertEquals(SealKeysTest.DEMO_PUBLIC, file.publicKeys().get(newest.keyId()));

        page.getByLabel("Audit entry number").fill(String.valueOf(entry));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show the proof")).click();
        assertThat(page.getByTestId("proof-result")).containsText("Verified.");
        Download download = page.waitForDownload(() -> page.getByTestId("proof-download").click());
        InclusionProof proof = InclusionProof.fromJson(Files.readString(download.path()));
        assertEquals(entry, proof.entryId());
        assertEquals(List.of(), proof.check(SealedTrail.DEMO_KEY), "verifies with nothing but the public key");
        assertEquals(AuditHashing.rowHash(row(entry)), proof.rowHash(), "whoever holds the entry recomputes the proven hash from it");
        InclusionProof altered = new InclusionProof(proof.entryId(), AuditHashing.hex(AuditHashing.sha256(new byte[] {1})), proof.sealSeq(),
                proof.epoch(), proof.leafIndex(), proof.treeSize(), proof.path(), proof.root(), proof.prevHead(), proof.firstSeq(),
                proof.lastSeq(), proof.head(), proof.keyId(), proof.signature(), proof.sealedAt());
        assertFalse(altered.check(SealedTrail.DEMO_KEY).isEmpty(), "another content does not verify");

        for (String action : List.of("view", "export")) {
            assertEquals(1, TestDatabase.number("SELECT count(*) FROM audit_entry WHERE username = ? AND resource_type = 'audit-proof'"
                    + " AND resource_id = ? AND action = ?", DemoUsers.PRIVACY_EASTSIDE, String.valueOf(entry), action),
                    "the proof's " + action + " is audited");
        }
        assertTrue(TestDatabase.number("SELECT count(*) FROM audit_entry WHERE username = ? AND resource_type = 'audit-heads'"
                + " AND action = 'export'", DemoUsers.PRIVACY_EASTSIDE) >= 1, "the export is audited");

        Response bad = page.navigate(Browser.PORTAL_URL + "/admin/audit-chain/proof?entry=twelve");
        assertEquals(400, bad.status());
        assertThat(page.getByTestId("proof-result")).containsText("Enter the number of an audit entry");
        page.context().close();
    }

    @Test
    void aChangedEntryIsNamedOnThePageUntilItIsRestored() throws Exception {
        long entry = SealedTrail.write(1, "page tamper target " + UUID.randomUUID()).get(0);
        SealedTrail.awaitSealed(List.of(entry));
        Page page = browser.loginAs(DemoUsers.ADMIN_EASTSIDE);
        TestDatabase.execute("UPDATE audit_entry SET username = 'someone-else' WHERE id = ?", entry);
        try {
            page.navigate(Browser.PORTAL_URL + "/admin/audit-chain");
            assertThat(page.getByTestId("chain-result")).containsText("Broken");
            assertThat(page.getByTestId("chain-problems")).containsText("entry " + entry + " (seal " + SealedTrail.seal(entry));
            assertThat(page.getByTestId("chain-problems")).containsText("its content does not match its hash");
            page.navigate(Browser.PORTAL_URL + "/admin/audit-chain/proof?entry=" + entry);
            assertThat(page.getByTestId("proof-result")).containsText("Does not verify");
        } finally {
            TestDatabase.execute("UPDATE audit_entry SET username = 'system' WHERE id = ?", entry);
        }
        page.navigate(Browser.PORTAL_URL + "/admin/audit-chain");
        assertThat(page.getByTestId("chain-result")).containsText("Intact.");
        page.context().close();
    }

    @Test
    void theCommandLineChecksExportsComparesAndProves() throws Exception {
        long entry = SealedTrail.write(1, "command line target " + UUID.randomUUID()).get(0);
        SealedTrail.awaitSealed(List.of(entry));
        Path heads = Files.createTempFile(Path.of("target"), "exported-heads-", ".json");
        Path proof = Files.createTempFile(Path.of("target"), "proof-", ".json");

        Run export = verifyAudit("--export", heads.toString());
        assertEquals(0, export.exit(), export.output());
        assertTrue(export.output().contains("Audit trail intact"), export.output());
        Run compared = verifyAudit("--heads", heads.toString());
        assertEquals(0, compared.exit(), compared.output());
        assertTrue(compared.output().contains("matching the exported heads up to epoch " + SignedHeads.read(heads).newest().epoch()),
                compared.output());
        Run proved = verifyAudit("--proof", String.valueOf(entry));
        assertEquals(0, proved.exit(), proved.output());
        Files.writeString(proof, proved.output().substring(proved.output().indexOf('{'), proved.output().lastIndexOf('}') + 1));
        Run checked = verifyAudit("--check-proof", proof.toString());
        assertEquals(0, checked.exit(), checked.output());
        assertTrue(checked.output().contains("Proof verified: entry " + entry), checked.output());

        String reason = row(entry).reason();
        TestDatabase.execute("UPDATE audit_entry SET reason = 'changed behind the portal' WHERE id = ?", entry);
        try {
            Run broken = verifyAudit();
            assertEquals(2, broken.exit(), broken.output());
            assertTrue(broken.output().contains("entry " + entry + " (seal " + SealedTrail.seal(entry)), broken.output());
        } finally {
            TestDatabase.execute("UPDATE audit_entry SET reason = ? WHERE id = ?", reason, entry);
        }
        assertEquals(0, verifyAudit().exit(), "restored");
    }

    record Run(int exit, String output) {
    }

    /** deploy/local/verify-audit.sh against the test database, with the packaged app under test and the demo key. */
    static Run verifyAudit(String... args) throws Exception {
        URI db = URI.create(TestDatabase.URL.replaceFirst("^jdbc:", ""));
        List<String> command = new ArrayList<>(List.of("bash", LocalStack.root().resolve("deploy/local/verify-audit.sh").toString(),
                db.getPath().substring(1)));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("CARERELAY_PG_HOST", db.getHost());
        b.environment().put("CARERELAY_PG_PORT", String.valueOf(db.getPort()));
        b.environment().put("PGPASSWORD", "carerelay");
        b.environment().put("CARERELAY_APP_DIR", LocalStack.root().resolve("target/quarkus-app").toString());
        b.environment().put("CARERELAY_AUDIT_SEAL_PUBLIC_KEY", SealKeysTest.DEMO_PUBLIC);
        Process p = b.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the check finished");
        return new Run(p.exitValue(), output);
    }
}
