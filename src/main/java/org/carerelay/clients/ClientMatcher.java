package org.carerelay.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.carerelay.sql.SqlValues;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Links an agency's record of a person to one CareRelay client. Exact match on (agency, local
 * id); otherwise linked to an existing client only when name and date of birth match exactly one
 * client. Several candidates make a new provisional client plus an identity exception for a
 * person to resolve: never a silent merge.
 */
@ApplicationScoped
public class ClientMatcher {

    public enum Outcome { EXISTING_IDENTIFIER, LINKED_BY_IDENTITY, NEW_CLIENT, AMBIGUOUS }

    public record Match(long clientId, Outcome outcome) {
    }

    public record PersonDetails(String localId, String givenName, String familyName, LocalDate birthDate) {
    }

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public Match match(long agencyId, PersonDetails person) {
        // Serialise concurrent matches of the same local record, so it never becomes two clients.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "client:" + agencyId + ":" + person.localId()).getSingleResult();
        List<?> known = em.createNativeQuery("SELECT client_id FROM client_identifier WHERE agency_id = :agency AND local_id = :local")
                .setParameter("agency", agencyId).setParameter("local", person.localId()).getResultList();
        if (!known.isEmpty()) {
            return new Match(((Number) known.get(0)).longValue(), Outcome.EXISTING_IDENTIFIER);
        }
        @SuppressWarnings("unchecked")
        List<Number> candidates = em.createNativeQuery("""
                SELECT id FROM client
                WHERE lower(family_name) = lower(:family) AND lower(given_name) = lower(:given) AND birth_date = :birth
                ORDER BY id LIMIT 20""")
                .setParameter("family", person.familyName().trim()).setParameter("given", person.givenName().trim())
                .setParameter("birth", person.birthDate()).getResultList();
        if (candidates.size() == 1) {
            long clientId = candidates.get(0).longValue();
            link(agencyId, person.localId(), clientId);
            return new Match(clientId, Outcome.LINKED_BY_IDENTITY);
        }
        long clientId = create(person);
        link(agencyId, person.localId(), clientId);
        if (candidates.isEmpty()) {
            return new Match(clientId, Outcome.NEW_CLIENT);
        }
        em.createNativeQuery("""
                INSERT INTO identity_exception (agency_id, local_id, provisional_client_id, candidate_client_ids, created_at)
                VALUES (:agency, :local, :client, CAST(:candidates AS BIGINT[]), :now)""")
                .setParameter("agency", agencyId).setParameter("local", person.localId()).setParameter("client", clientId)
                .setParameter("candidates", SqlValues.arrayLiteral(candidates))
                .setParameter("now", clock.instant()).executeUpdate();
        return new Match(clientId, Outcome.AMBIGUOUS);
    }

    private long create(PersonDetails person) {
        Client client = new Client();
        client.givenName = person.givenName().trim();
        client.familyName = person.familyName().trim();
        client.birthDate = person.birthDate();
        client.createdAt = clock.instant();
        client.persist();
        return client.id;
    }

    private void link(long agencyId, String localId, long clientId) {
        em.createNativeQuery("INSERT INTO client_identifier (agency_id, local_id, client_id, created_at) VALUES (:agency, :local, :client, :now)")
                .setParameter("agency", agencyId).setParameter("local", localId).setParameter("client", clientId)
                .setParameter("now", clock.instant()).executeUpdate();
    }
}
