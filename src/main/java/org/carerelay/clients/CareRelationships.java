package org.carerelay.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.carerelay.sql.SqlValues;
import java.time.Instant;
import java.util.Collection;

/** Which agencies have a care relationship with a client: no relationship, no access. */
@ApplicationScoped
public class CareRelationships {

    public enum Basis { REGISTERED, SENT, RECEIVED, GRANTED }

    @Inject
    EntityManager em;

    /** Records the relationship of each agency with the client unless it already has one (one statement). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensure(long clientId, Collection<Long> agencyIds, Basis basis, Instant since) {
        if (agencyIds.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                INSERT INTO care_relationship (client_id, agency_id, basis, since)
                SELECT :client, a, :basis, :since FROM unnest(CAST(:agencies AS BIGINT[])) AS a
                ON CONFLICT (client_id, agency_id) DO NOTHING""")
                .setParameter("client", clientId).setParameter("basis", basis.name().toLowerCase())
                .setParameter("since", since)
                .setParameter("agencies", SqlValues.arrayLiteral(agencyIds))
                .executeUpdate();
    }

    public boolean exists(long clientId, long agencyId) {
        return !em.createNativeQuery("SELECT 1 FROM care_relationship WHERE client_id = :c AND agency_id = :a")
                .setParameter("c", clientId).setParameter("a", agencyId).getResultList().isEmpty();
    }
}
