package org.carerelay.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Verifies the audit trail's hash chain in the database and names the first broken row. */
@ApplicationScoped
public class AuditChain {

    public record Verification(long rowsChecked, Long firstBrokenId, String problem) {
        public boolean intact() {
            return firstBrokenId == null;
        }
    }

    @Inject
    EntityManager em;

    @Transactional
    public Verification verify() {
        Object[] row = (Object[]) em.createNativeQuery("SELECT rows_checked, first_broken_id, problem FROM audit_verify_chain()")
                .getSingleResult();
        return new Verification(((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).longValue(), (String) row[2]);
    }
}
