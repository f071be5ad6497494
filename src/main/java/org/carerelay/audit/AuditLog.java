package org.carerelay.audit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import org.carerelay.access.CurrentUser;
import org.carerelay.sql.SqlValues;
import org.carerelay.web.RequestInfo;

/**
 * The one audit writer. A view is committed before the data is shown (fail closed: if it cannot
 * be written, the caller gets an error and nothing is displayed): inside the reading transaction
 * when there is one (one connection, one commit), otherwise in its own short transaction. A denial
 * always gets its own transaction, so the refusal stays recorded when the caller's work rolls
 * back. A write is recorded in the writing transaction, so both or neither persist. The database
 * hashes each row at insert without taking a lock, refuses updates and deletes, and the sealer
 * ({@link AuditSealer}) seals the committed rows into signed epochs a moment later.
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

    @Inject
    TransactionManager transactions;

    /** Present only in a benchmark build (AuditBenchmarkBypass); a shipped jar has no way to skip auditing. */
    @Inject
    Instance<AuditBenchmarkBypass> benchmarkBypass;

    private AuditBenchmarkBypass bypass;

    @PostConstruct
    void findBenchmarkBypass() {
        bypass = benchmarkBypass.isResolvable() ? benchmarkBypass.get() : null;
    }

    /** Who and where, captured on the request's thread. */
    record Snapshot(String requestId, String userId, String username, Long agencyId, List<String> roles, String address,
            String agent) {
    }

    /**
     * Records a view, list or export with the caller's transaction if one is active (it commits
     * before anything is shown), else in its own; a denial always in its own transaction.
     */
    public void record(AuditRecord record) {
        Snapshot who = snapshot();
        if (record.allowed() && transactionActive()) {
            insert(who, record);
        } else {
            QuarkusTransaction.requiringNew().run(() -> insert(who, record));
        }
    }

    private boolean transactionActive() {
        try {
            return transactions.getStatus() == Status.STATUS_ACTIVE;
        } catch (SystemException e) {
            return false;
        }
    }

    /** Records a write inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordInTransaction(AuditRecord record) {
        insert(snapshot(), record);
    }

    /**
     * For code on an I/O thread (security refusals before a resource runs): captures who and
     * where now, writes on a worker thread, and completes when the entry is committed.
     */
    public Uni<Void> recordOffTheEventLoop(AuditRecord record) {
        Snapshot who = snapshot();
        return Uni.createFrom().<Void>item(() -> {
            QuarkusTransaction.requiringNew().run(() -> insert(who, record));
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Snapshot snapshot() {
        // Outside a request (start-up loaders, background jobs) the actor is the system itself.
        boolean inRequest = Arc.container().requestContext().isActive();
        boolean person = inRequest && user.isAuthenticated();
        return new Snapshot(inRequest ? request.requestId() : "system", person ? user.getSubject() : null,
                person ? user.getUsername() : "system", person ? user.agency().map(a -> a.id()).orElse(null) : null,
                person ? user.roles().stream().map(role -> role.keycloakName).toList() : List.of(),
                inRequest ? request.clientAddress() : null, inRequest ? truncate(request.userAgent(), 300) : null);
    }

    private void insert(Snapshot who, AuditRecord r) {
        if (bypass != null && bypass.skips(r)) {
            return;
        }
        em.createNativeQuery("""
                INSERT INTO audit_entry (at, request_id, user_id, username, agency_id, roles, action, resource_type, resource_id,
                    client_id, sensitivity, fields_shown, purpose, outcome, reason, client_address, user_agent, prev_hash, hash)
                VALUES (:at, :request, :userId, :username, :agency, CAST(:roles AS TEXT[]), :action, :type, :resource, :client,
                    CAST(:sensitivity AS TEXT[]), CAST(:fields AS TEXT[]), :purpose, :outcome, :reason, :address, :agent, '', '')""")
                .setParameter("at", clock.instant())
                .setParameter("request", who.requestId())
                .setParameter("userId", who.userId())
                .setParameter("username", who.username())
                .setParameter("agency", who.agencyId())
                .setParameter("roles", SqlValues.arrayLiteral(who.roles()))
                .setParameter("action", r.action().code)
                .setParameter("type", r.resourceType())
                .setParameter("resource", truncate(r.resourceId(), 64)) // a crafted path or id can be longer than the column
                .setParameter("client", r.clientId())
                .setParameter("sensitivity", SqlValues.arrayLiteral(r.sensitivity()))
                .setParameter("fields", SqlValues.arrayLiteral(r.fieldsShown()))
                .setParameter("purpose", r.purpose().code)
                .setParameter("outcome", AuditOutcome.of(r.allowed()).code)
                .setParameter("reason", r.reason())
                .setParameter("address", who.address())
                .setParameter("agent", who.agent())
                .executeUpdate();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
