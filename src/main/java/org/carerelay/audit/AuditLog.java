package org.carerelay.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import org.carerelay.access.CurrentUser;
import org.carerelay.web.RequestInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one audit writer. A view or denial is written in its own short transaction and committed
 * before the data is shown (fail closed: if it cannot be written, the caller gets an error and
 * nothing is displayed). A write is recorded in the writing transaction, so both or neither
 * persist. The database chains each row to the previous one and refuses updates and deletes.
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser user;

    @Inject
    RequestInfo request;

    @Inject
    Clock clock;

    /** Benchmark-only switch to measure what auditing costs; never set in a deployment. */
    @ConfigProperty(name = "carerelay.audit.benchmark-bypass", defaultValue = "false")
    boolean bypass;

    /** Records a view, list, export or denial now, in its own transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(AuditRecord record) {
        insert(record);
    }

    /** Records a write inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordInTransaction(AuditRecord record) {
        insert(record);
    }

    private void insert(AuditRecord r) {
        if (bypass && r.allowed() && !"write".equals(r.action())) {
            return;
        }
        // Outside a request (start-up loaders, background jobs) the actor is the system itself.
        boolean inRequest = io.quarkus.arc.Arc.container().requestContext().isActive();
        boolean person = inRequest && user.isAuthenticated();
        List<String> roles = person ? user.roles().stream().map(role -> role.keycloakName).toList() : List.of();
        em.createNativeQuery("""
                INSERT INTO audit_entry (at, request_id, user_id, username, agency_id, roles, action, resource_type, resource_id,
                    client_id, sensitivity, fields_shown, purpose, outcome, reason, client_address, user_agent, prev_hash, hash)
                VALUES (:at, :request, :userId, :username, :agency, CAST(:roles AS TEXT[]), :action, :type, :resource, :client,
                    CAST(:sensitivity AS TEXT[]), CAST(:fields AS TEXT[]), :purpose, :outcome, :reason, :address, :agent, '', '')""")
                .setParameter("at", clock.instant())
                .setParameter("request", inRequest ? request.requestId() : "system")
                .setParameter("userId", person ? user.getSubject() : null)
                .setParameter("username", person ? user.getUsername() : "system")
                .setParameter("agency", person ? user.agency().map(a -> a.id()).orElse(null) : null)
                .setParameter("roles", textArray(roles))
                .setParameter("action", r.action())
                .setParameter("type", r.resourceType())
                .setParameter("resource", r.resourceId())
                .setParameter("client", r.clientId())
                .setParameter("sensitivity", textArray(r.sensitivity()))
                .setParameter("fields", textArray(r.fieldsShown()))
                .setParameter("purpose", r.purpose())
                .setParameter("outcome", r.allowed() ? "allowed" : "denied")
                .setParameter("reason", r.reason())
                .setParameter("address", inRequest ? request.clientAddress() : null)
                .setParameter("agent", inRequest ? truncate(request.userAgent(), 300) : null)
                .executeUpdate();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** A PostgreSQL text[] literal with every element quoted and escaped. */
    static String textArray(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }

}
