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

    /**
     * How the client link behind a relationship was made: by the agency's own identifier, by a
     * strong shared identifier (with name and birth date), or by an identity steward's decision.
     */
    public enum LinkedBy {
        IDENTIFIER("identifier"), STRONG_IDENTIFIER("strong_identifier"), IDENTITY_STEWARD("identity_steward");

        public final String code;

        LinkedBy(String code) {
            this.code = code;
        }

        /** The link an event's client match makes for the relationships it creates. */
        public static LinkedBy of(ClientMatcher.Outcome outcome) {
            return outcome == ClientMatcher.Outcome.LINKED_BY_STRONG_IDENTIFIER ? STRONG_IDENTIFIER : IDENTIFIER;
        }
    }

    @Inject
    EntityManager em;

    /** Records the relationship of each agency with the client unless it already has one (one statement). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensure(long clientId, Collection<Long> agencyIds, Basis basis, Instant since) {
        ensure(clientId, agencyIds, basis, since, LinkedBy.IDENTIFIER);
    }

    /** As above, recording how the client link was made (a strong-identifier link is confirmed at {@code since}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensure(long clientId, Collection<Long> agencyIds, Basis basis, Instant since, LinkedBy linkedBy) {
        if (agencyIds.isEmpty()) {
            return;
        }
        if (linkedBy == LinkedBy.IDENTITY_STEWARD) {
            throw new IllegalArgumentException("a steward's link is recorded by the identity exception decision");
        }
        em.createNativeQuery("""
                INSERT INTO care_relationship (client_id, agency_id, basis, since, linked_by, confirmed_at)
                SELECT :client, a, :basis, :since, :linkedBy, CASE WHEN :linkedBy = 'identifier' THEN NULL ELSE CAST(:since AS TIMESTAMPTZ) END FROM unnest(CAST(:agencies AS BIGINT[])) AS a
                ON CONFLICT (client_id, agency_id) DO NOTHING""")
                .setParameter("client", clientId).setParameter("basis", basis.name().toLowerCase())
                .setParameter("since", since).setParameter("linkedBy", linkedBy.code)
                .setParameter("agencies", SqlValues.arrayLiteral(agencyIds))
                .executeUpdate();
    }

    public boolean exists(long clientId, long agencyId) {
        return !em.createNativeQuery("SELECT 1 FROM care_relationship WHERE client_id = :c AND agency_id = :a")
                .setParameter("c", clientId).setParameter("a", agencyId).getResultList().isEmpty();
    }

    /** The client is a provisional one whose identity exception a steward has not yet decided. */
    public boolean awaitingIdentityCheck(long clientId) {
        return !em.createNativeQuery("SELECT 1 FROM identity_exception WHERE provisional_client_id = :c AND status = 'open'")
                .setParameter("c", clientId).getResultList().isEmpty();
    }
}
