package org.carerelay.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.carerelay.access.Purpose;

/**
 * What the audit check page does, each step audited: the full verification with the sealing
 * backlog, the export of signed heads, and one entry's inclusion proof checked with the public key.
 */
@ApplicationScoped
public class AuditCheck {

    /** The page: the verification, the backlog, the alarm threshold and the sealing key. */
    public record Overview(AuditVerification result, AuditSealMonitor.Backlog backlog, long alarmSeconds, String keyId, String publicKeyPem,
            int earlierKeys) {
    }

    /** Heads to download, or the reason there are none (status 400). */
    public record HeadsExport(int status, SignedHeads heads, String error) {
    }

    /** A proof lookup: the answer's status, what the page shows, and whether the JSON is asked for. */
    public record ProofLookup(int status, ProofView view, boolean download) {
    }

    /** What the proof page shows: the proof (null when there is none), its check, and the entry asked for. */
    public record ProofView(String entry, InclusionProof proof, List<String> failures, String json, String error) {
        public boolean verified() {
            return proof != null && failures.isEmpty();
        }
    }

    @Inject
    AuditChain chain;

    @Inject
    AuditLog audit;

    public Overview overview() {
        AuditVerification result = chain.verify();
        AuditSealMonitor.Backlog backlog = chain.backlog();
        record(AuditAction.VIEW, "audit-chain", null, result.summary());
        SealKey key = chain.key();
        return new Overview(result, backlog, chain.alarm().toSeconds(), key.keyId(), SealKeys.publicKeyPem(key.publicKey()),
                key.trusted().size() - 1);
    }

    /** The newest signed head, or every head from epoch {@code from}. */
    public HeadsExport heads(String from) {
        long start = 0;
        if (from != null && !from.isBlank()) {
            if (!from.strip().matches("\\d{1,18}")) {
                return new HeadsExport(400, null, "No heads were exported: 'from' must be an epoch number (digits only).");
            }
            start = Long.parseLong(from.strip());
        }
        SignedHeads heads = chain.heads(start);
        SignedHeads.Head newest = heads.newest();
        audit.record(AuditRecord.export("audit-heads", newest == null ? null : newest.epoch(), null, Purpose.ADMINISTRATION,
                heads.heads().size() + " signed heads" + (start > 0 ? " from epoch " + start : "")));
        return new HeadsExport(200, heads, null);
    }

    public ProofLookup proof(String entry, String format) {
        if (entry == null || !entry.strip().matches("\\d{1,18}")) {
            record(AuditAction.VIEW, "audit-proof", null, "no proof: entry number missing or not a number");
            return new ProofLookup(400, failed(entry, "Enter the number of an audit entry (digits only), as the access log shows it."), false);
        }
        long id = Long.parseLong(entry.strip());
        InclusionProof proof;
        try {
            proof = chain.proof(id);
        } catch (InclusionProof.Unprovable e) {
            // its epoch lost an entry or a seal: no proof can be built; the full check names what is wrong
            record(AuditAction.VIEW, "audit-proof", id, "no proof: " + e.getMessage());
            return new ProofLookup(409, failed(entry, "No proof can be built for entry " + id + ": " + e.getMessage() + "."), false);
        }
        if (proof == null) {
            record(AuditAction.VIEW, "audit-proof", id, "not sealed");
            return new ProofLookup(404, failed(entry, "Entry " + id + " is not sealed: it does not exist, or it was written in the last"
                    + " seconds and waits for the sealer."), false);
        }
        List<String> failures = proof.check(chain.key().publicKey());
        boolean download = "json".equals(format);
        record(download ? AuditAction.EXPORT : AuditAction.VIEW, "audit-proof", id, failures.isEmpty() ? "verified, epoch " + proof.epoch() : "does not verify");
        return new ProofLookup(200, new ProofView(entry, proof, failures, proof.toJson(), null), download);
    }

    public String keyId() {
        return chain.key().keyId();
    }

    private static ProofView failed(String entry, String error) {
        return new ProofView(entry, null, List.of(), null, error);
    }

    private void record(AuditAction action, String type, Object resource, String detail) {
        audit.record(new AuditRecord(action, type, resource == null ? null : String.valueOf(resource), null, List.of(), List.of(),
                Purpose.ADMINISTRATION, true, detail));
    }
}
