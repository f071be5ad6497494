package org.carerelay.audit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.carerelay.access.Purpose;

/**
 * The audit check for agency admins and privacy officers: the full verification of the sealed
 * trail (the same code as deploy/local/verify-audit.sh), the sealing backlog, the signed heads to
 * export, and an inclusion proof for one entry. Every view is audited.
 */
@Path("/admin/audit-chain")
@RolesAllowed({"agency-admin", "privacy-officer"})
public class AuditChainResource {

    /** What the proof page shows: the proof (null when there is none), its check, and the entry asked for. */
    public record ProofView(String entry, InclusionProof proof, List<String> failures, String json, String error) {
        public boolean verified() {
            return proof != null && failures.isEmpty();
        }
    }

    @CheckedTemplate(basePath = "AuditChain")
    static class Templates {
        static native TemplateInstance page(AuditVerification result, AuditSealMonitor.Backlog backlog, long alarmSeconds, String keyId,
                String publicKeyPem, int earlierKeys);

        static native TemplateInstance proof(ProofView view, String keyId);
    }

    @Inject
    AuditChain chain;

    @Inject
    AuditLog audit;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        AuditVerification result = chain.verify();
        AuditSealMonitor.Backlog backlog = chain.backlog();
        audit.record(new AuditRecord("view", "audit-chain", null, null, List.of(), List.of(), Purpose.ADMINISTRATION.code, true,
                result.summary()));
        SealKey key = chain.key();
        return Templates.page(result, backlog, chain.alarm().toSeconds(), key.keyId(), SealKeys.publicKeyPem(key.publicKey()),
                key.trusted().size() - 1);
    }

    /** The signed heads as a file to keep off the machine: the newest head, or every head from epoch {@code from}. */
    @GET
    @Path("/heads")
    @Produces(MediaType.APPLICATION_JSON)
    public Response heads(@QueryParam("from") String from) {
        long start = 0;
        if (from != null && !from.isBlank()) {
            if (!from.strip().matches("\\d{1,18}")) {
                return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                        .entity("No heads were exported: 'from' must be an epoch number (digits only).\n").build();
            }
            start = Long.parseLong(from.strip());
        }
        SignedHeads heads = chain.heads(start);
        SignedHeads.Head newest = heads.newest();
        audit.record(AuditRecord.export("audit-heads", newest == null ? null : newest.epoch(), null, Purpose.ADMINISTRATION.code,
                heads.heads().size() + " signed heads" + (start > 0 ? " from epoch " + start : "")));
        return Response.ok(heads.toJson(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"audit-heads-" + (newest == null ? 0 : newest.epoch()) + ".json\"")
                .header("Cache-Control", "no-store").build();
    }

    /** The inclusion proof of one entry, checked with the sealing key's public half; {@code format=json} downloads it. */
    @GET
    @Path("/proof")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Response proof(@QueryParam("entry") String entry, @QueryParam("format") String format) {
        String keyId = chain.key().keyId();
        if (entry == null || !entry.strip().matches("\\d{1,18}")) {
            audit.record(new AuditRecord("view", "audit-proof", null, null, List.of(), List.of(), Purpose.ADMINISTRATION.code, true,
                    "no proof: entry number missing or not a number"));
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(Templates.proof(new ProofView(entry, null,
                    List.of(), null, "Enter the number of an audit entry (digits only), as the access log shows it."), keyId)).build();
        }
        long id = Long.parseLong(entry.strip());
        InclusionProof proof;
        try {
            proof = chain.proof(id);
        } catch (InclusionProof.Unprovable e) {
            // its epoch lost an entry or a seal: no proof can be built; the full check names what is wrong
            audit.record(new AuditRecord("view", "audit-proof", String.valueOf(id), null, List.of(), List.of(), Purpose.ADMINISTRATION.code,
                    true, "no proof: " + e.getMessage()));
            return Response.status(409).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(Templates.proof(new ProofView(entry, null,
                    List.of(), null, "No proof can be built for entry " + id + ": " + e.getMessage() + "."), keyId)).build();
        }
        List<String> failures = proof == null ? List.of() : proof.check(chain.key().publicKey());
        boolean download = "json".equals(format) && proof != null;
        audit.record(new AuditRecord(download ? "export" : "view", "audit-proof", String.valueOf(id), null, List.of(), List.of(),
                Purpose.ADMINISTRATION.code, true, proof == null ? "not sealed" : failures.isEmpty() ? "verified, epoch " + proof.epoch()
                        : "does not verify"));
        if (proof == null) {
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(Templates.proof(new ProofView(entry, null,
                    List.of(), null, "Entry " + id + " is not sealed: it does not exist, or it was written in the last seconds and waits"
                            + " for the sealer."), keyId)).build();
        }
        String json = proof.toJson();
        if (download) {
            return Response.ok(json, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"audit-proof-" + id + ".json\"").header("Cache-Control", "no-store")
                    .build();
        }
        return Response.ok(Templates.proof(new ProofView(entry, proof, failures, json, null), keyId), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .build();
    }
}
