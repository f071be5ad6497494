package org.carerelay.audit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Admin-only check of the audit trail's hash chain (the same check as deploy/local/verify-audit.sh). */
@Path("/admin/audit-chain")
@RolesAllowed({"agency-admin", "privacy-officer"})
public class AuditChainResource {

    @CheckedTemplate(basePath = "AuditChain")
    static class Templates {
        static native TemplateInstance page(AuditChain.Verification result);
    }

    @Inject
    AuditChain chain;

    @Inject
    AuditLog audit;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        AuditChain.Verification result = chain.verify();
        audit.record(new AuditRecord("view", "audit-chain", null, null, List.of(), List.of(), "administration", true,
                result.intact() ? "intact, " + result.rowsChecked() + " rows" : "broken at row " + result.firstBrokenId()));
        return Templates.page(result);
    }
}
