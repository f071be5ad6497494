package org.carerelay.sql;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The transaction-scoped PostgreSQL advisory locks that let several portal instances share a job or serialise
 * one kind of write. Every key is named here, so two jobs can never pick the same number by accident.
 * Each lock is released at commit or rollback.
 */
public enum AdvisoryLock {
    /** One escalation run of overdue deliveries at a time ("CRescal1"). */
    DELIVERY_ESCALATION(0x4352657363616c31L),
    /** One escalation run of overdue handover action items at a time ("CRhiesc"). */
    HANDOVER_ITEM_ESCALATION(0x43526869657363L),
    /** One search for urgent items waiting past a stage's threshold at a time ("CRurgent"). */
    URGENT_NOTICES(0x4352757267656e74L),
    /** One audit sealer at a time ("CRseal01"). */
    AUDIT_SEALER(0x43527365616c3031L),
    /** One publication of the event catalogue at a time ("Catalog"). */
    CATALOGUE_PUBLISH(0x4361_7461_6c6f_67L),
    /** One publication of concern rules at a time ("CRrules"). */
    CONCERN_RULES_PUBLISH(0x43527275_6c6573L),
    /** One purge of delivered webhook messages at a time ("CRwhpurg"). */
    WEBHOOK_PURGE(0x4352776870757267L);

    public final long key;

    AdvisoryLock(long key) {
        this.key = key;
    }

    /** Takes the lock if free; false when another session holds it (the caller leaves the work to that one). */
    public boolean tryTake(EntityManager em) {
        return Boolean.TRUE.equals(em.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)").setParameter("key", key)
                .getSingleResult());
    }

    /** {@link #tryTake(EntityManager)} on a plain JDBC connection (inside its open transaction). */
    public boolean tryTake(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?) AS locked")) {
            lock.setLong(1, key);
            try (ResultSet r = lock.executeQuery()) {
                return r.next() && r.getBoolean("locked");
            }
        }
    }

    /** Waits for the lock. */
    public void take(EntityManager em) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", key).getSingleResult();
    }

    /** Waits for a lock on one named thing (e.g. one agency's local client record), hashed to a key. */
    public static void takeFor(EntityManager em, String name) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))").setParameter("key", name).getSingleResult();
    }
}
