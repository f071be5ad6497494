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

/**
 * The audit check for agency admins and privacy officers: the full verification of the sealed
 * trail (the same code as deploy/local/verify-audit.sh), the sealing backlog, the signed heads to
 * export, and an inclusion proof for one entry ({@link AuditCheck}; every view is audited).
 */
@Path("/admin/audit-chain")
@RolesAllowed({"agency-admin", "privacy-officer"})
public class AuditChainResource {

    @CheckedTemplate(basePath = "AuditChain")
    static class Templates {
        static native TemplateInstance page(AuditCheck.Overview overview);

        static native TemplateInstance proof(AuditCheck.ProofView view, String keyId);
    }

    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

    @Inject
    AuditCheck check;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.page(check.overview());
    }

    /** The signed heads as a file to keep off the machine: the newest head, or every head from epoch {@code from}. */
    @GET
    @Path("/heads")
    @Produces(MediaType.APPLICATION_JSON)
    public Response heads(@QueryParam("from") String from) {
        AuditCheck.HeadsExport export = check.heads(from);
        if (export.heads() == null) {
            return Response.status(export.status()).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(export.error() + "\n").build();
        }
        SignedHeads.Head newest = export.heads().newest();
        return download(export.heads().toJson(), "audit-heads-" + (newest == null ? 0 : newest.epoch()) + ".json");
    }

    /** The inclusion proof of one entry, checked with the sealing key's public half; {@code format=json} downloads it. */
    @GET
    @Path("/proof")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Response proof(@QueryParam("entry") String entry, @QueryParam("format") String format) {
        AuditCheck.ProofLookup lookup = check.proof(entry, format);
        if (lookup.download()) {
            return download(lookup.view().json(), "audit-proof-" + lookup.view().proof().entryId() + ".json");
        }
        return Response.status(lookup.status()).type(HTML).entity(Templates.proof(lookup.view(), check.keyId())).build();
    }

    private static Response download(String json, String filename) {
        return Response.ok(json, JSON).header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("Cache-Control", "no-store").build();
    }
}
