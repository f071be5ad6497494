package org.carerelay.handover;

import org.carerelay.sql.AdvisoryLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.carerelay.sql.AdvisoryLock;
import jakarta.enterprise.context.ApplicationScoped;
import org.carerelay.sql.AdvisoryLock;
import jakarta.inject.Inject;
import org.carerelay.sql.AdvisoryLock;
import jakarta.persistence.EntityManager;
import org.carerelay.sql.AdvisoryLock;
import java.time.Instant;
import org.carerelay.sql.AdvisoryLock;
import java.time.temporal.ChronoUnit;
import org.carerelay.sql.AdvisoryLock;
import java.util.List;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.access.Purpose;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.audit.AuditLog;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.sql.SqlValues;

/**
 * Escalates open handover action items past their due time to the responsible agency's team lead:
 * {@code escalated_at} is set once, with a write entry in the audit trail. Called by the delivery
 * escalation job on each run; the same pattern: a transaction-scoped advisory lock per batch, rows
 * locked with {@code FOR UPDATE SKIP LOCKED}, {@code escalated_at IS NULL} re-checked under the lock.
 */
@ApplicationScoped
public class HandoverItemEscalation {

    static final int BATCH_SIZE = 500;

    /** An open action item of the agency past due or escalated, for the team lead's page. */
    public record OverdueAction(long itemId, long handoverId, long clientId, String clientName, String description, Instant dueAt,
            Instant escalatedAt) {
    }

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    /** Escalates what is overdue at {@code now}; returns how many items this call escalated. */
    public int runOnce(Instant now) {
        int total = 0;
        while (true) {
            Integer done = QuarkusTransaction.requiringNew().call(() -> escalateBatch(now));
            if (done == null) {
                break;
            }
            total += done;
            if (done < BATCH_SIZE) {
                break;
            }
        }
        return total;
    }

    Integer escalateBatch(Instant now) {
        if (!AdvisoryLock.HANDOVER_ITEM_ESCALATION.tryTake(em)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH overdue AS (
                    SELECT i.id FROM handover_action_item i
                    WHERE i.state = 'open' AND i.escalated_at IS NULL AND i.due_at < :now
                      AND EXISTS (SELECT 1 FROM handover h WHERE h.id = i.handover_id AND h.status = 'submitted')
                    ORDER BY i.due_at, i.id
                    LIMIT :batch
                    FOR UPDATE SKIP LOCKED
                ), escalated AS (
                    UPDATE handover_action_item i SET escalated_at = :now
                    FROM overdue o
                    WHERE i.id = o.id AND i.state = 'open' AND i.escalated_at IS NULL
                    RETURNING i.id, i.handover_id, i.due_at
                )
                SELECT x.id, h.client_id, x.due_at FROM escalated x JOIN handover h ON h.id = x.handover_id
                ORDER BY x.due_at, x.id""")
                .setParameter("now", now).setParameter("batch", BATCH_SIZE).getResultList();
        for (Object[] r : rows) {
            audit.recordInTransaction(AuditRecord.write("handover-action-item", SqlValues.id(r[0]),
                    r[1] == null ? null : SqlValues.id(r[1]), Purpose.CARE_DELIVERY,
                    "escalate (overdue since " + SqlValues.instant(r[2]).truncatedTo(ChronoUnit.SECONDS) + ")"));
        }
        return rows.size();
    }

    /** Open action items of the agency that are past due or escalated, most overdue first (current versions only). */
    @SuppressWarnings("unchecked")
    public List<OverdueAction> overdueFor(long agencyId, Instant now, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT i.id, h.id, h.client_id, c.given_name, c.family_name, i.description, i.due_at, i.escalated_at
                FROM handover_action_item i JOIN handover h ON h.id = i.handover_id JOIN client c ON c.id = h.client_id
                WHERE i.responsible_agency_id = :a AND i.state = 'open' AND h.status = 'submitted'
                  AND (i.due_at < :now OR i.escalated_at IS NOT NULL)
                ORDER BY i.due_at, i.id LIMIT :limit""")
                .setParameter("a", agencyId).setParameter("now", now).setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new OverdueAction(SqlValues.id(r[0]), SqlValues.id(r[1]), SqlValues.id(r[2]),
                r[3] + " " + r[4], (String) r[5], SqlValues.instant(r[6]), SqlValues.instant(r[7]))).toList();
    }
}
