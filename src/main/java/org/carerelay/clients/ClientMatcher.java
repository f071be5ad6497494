package org.carerelay.clients;

import org.carerelay.sql.AdvisoryLock;
import jakarta.enterprise.context.ApplicationScoped;
import org.carerelay.sql.AdvisoryLock;
import jakarta.inject.Inject;
import org.carerelay.sql.AdvisoryLock;
import jakarta.persistence.EntityManager;
import org.carerelay.sql.AdvisoryLock;
import jakarta.transaction.Transactional;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.sql.SqlValues;
import org.carerelay.sql.AdvisoryLock;
import java.time.Clock;
import org.carerelay.sql.AdvisoryLock;
import java.time.LocalDate;
import org.carerelay.sql.AdvisoryLock;
import java.util.ArrayList;
import org.carerelay.sql.AdvisoryLock;
import java.util.List;

/**
 * Links an agency's record of a person to one CareRelay client, never by a silent merge:
 * <ol>
 * <li>the same (agency, local id) as before: the same client;</li>
 * <li>raised from a client's record by staff whose agency has a care relationship with that client: that client;</li>
 * <li>no client with the same name and birth date: a new client;</li>
 * <li>exactly one of those clients holds a strong identifier the agency sent (e.g. a Medicaid member id): that client;</li>
 * <li>the one client with that name and birth date already holds another local id of the same agency: that client;</li>
 * <li>otherwise, a match on name and birth date alone (probable) or several candidates (ambiguous): a new
 * provisional client for this local id and an identity exception for an identity steward. Until the steward
 * decides, the agency's relationship is with the provisional client only.</li>
 * </ol>
 * Provisional clients with an open exception and clients a steward merged away are never candidates.
 */
@ApplicationScoped
public class ClientMatcher {

    public enum Outcome {
        EXISTING_IDENTIFIER, CHOSEN_FROM_RECORD, NEW_CLIENT, LINKED_BY_STRONG_IDENTIFIER, LINKED_TO_OWN_RECORD, PROBABLE_MATCH,
        AMBIGUOUS;

        /** The event went to a provisional client with an open identity exception. */
        public boolean awaitsIdentityCheck() {
            return this == PROBABLE_MATCH || this == AMBIGUOUS;
        }
    }

    public record Match(long clientId, Outcome outcome) {
    }

    /** How an agency identifies a person: its local id, name, birth date and any strong identifiers it holds. */
    public record PersonDetails(String localId, String givenName, String familyName, LocalDate birthDate,
            List<StrongIdentifier> identifiers) {

        public PersonDetails {
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }

        public PersonDetails(String localId, String givenName, String familyName, LocalDate birthDate) {
            this(localId, givenName, familyName, birthDate, List.of());
        }
    }

    private record Candidate(long id, boolean provisional, boolean strong, boolean ownRecord) {
    }

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public Match match(long agencyId, PersonDetails person) {
        return match(agencyId, person, null);
    }

    /**
     * As {@link #match(long, PersonDetails)}, where {@code chosenClientId} is the client the person
     * raising the event started from (the portal's "raise from this record"), or null.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Match match(long agencyId, PersonDetails person, Long chosenClientId) {
        // Serialise concurrent matches of the same local record, so it never becomes two clients.
        AdvisoryLock.takeFor(em, "client:" + agencyId + ":" + person.localId());
        List<?> known = em.createNativeQuery("SELECT client_id FROM client_identifier WHERE agency_id = :agency AND local_id = :local")
                .setParameter("agency", agencyId).setParameter("local", person.localId()).getResultList();
        if (!known.isEmpty()) {
            return linked(((Number) known.get(0)).longValue(), Outcome.EXISTING_IDENTIFIER, agencyId, person, false);
        }
        if (chosenClientId != null && chosenFits(chosenClientId, agencyId, person)) {
            return linked(chosenClientId, Outcome.CHOSEN_FROM_RECORD, agencyId, person, true);
        }
        List<Candidate> all = candidates(agencyId, person);
        List<Candidate> strong = all.stream().filter(Candidate::strong).toList();
        if (strong.size() == 1) {
            return linked(strong.get(0).id(), Outcome.LINKED_BY_STRONG_IDENTIFIER, agencyId, person, true);
        }
        List<Candidate> candidates = all.stream().filter(c -> !c.provisional()).toList();
        if (candidates.size() == 1 && candidates.get(0).ownRecord()) {
            return linked(candidates.get(0).id(), Outcome.LINKED_TO_OWN_RECORD, agencyId, person, true);
        }
        long clientId = create(person);
        link(agencyId, person.localId(), clientId);
        remember(agencyId, person, clientId);
        if (candidates.isEmpty()) {
            return new Match(clientId, Outcome.NEW_CLIENT);
        }
        Outcome outcome = candidates.size() == 1 ? Outcome.PROBABLE_MATCH : Outcome.AMBIGUOUS;
        em.createNativeQuery("""
                INSERT INTO identity_exception (agency_id, local_id, provisional_client_id, candidate_client_ids, match_kind, created_at)
                VALUES (:agency, :local, :client, CAST(:candidates AS BIGINT[]), :kind, :now)""")
                .setParameter("agency", agencyId).setParameter("local", person.localId()).setParameter("client", clientId)
                .setParameter("candidates", SqlValues.arrayLiteral(candidates.stream().map(Candidate::id).toList()))
                .setParameter("kind", outcome == Outcome.PROBABLE_MATCH ? "probable" : "ambiguous")
                .setParameter("now", clock.instant()).executeUpdate();
        return new Match(clientId, outcome);
    }

    private Match linked(long clientId, Outcome outcome, long agencyId, PersonDetails person, boolean newLocalId) {
        if (newLocalId) {
            link(agencyId, person.localId(), clientId);
        }
        remember(agencyId, person, clientId);
        return new Match(clientId, outcome);
    }

    /** Clients with the same name and birth date: whether each is a provisional client awaiting a steward, holds one of the
     * strong identifiers sent, or already holds another local id of this agency. Clients merged into another are left out. */
    @SuppressWarnings("unchecked")
    private List<Candidate> candidates(long agencyId, PersonDetails person) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.id,
                       EXISTS (SELECT 1 FROM identity_exception x WHERE x.provisional_client_id = c.id AND x.status = 'open'),
                       EXISTS (SELECT 1 FROM client_strong_identifier s WHERE s.client_id = c.id
                               AND s.system || '.' || s.value = ANY(CAST(:strong AS TEXT[]))),
                       EXISTS (SELECT 1 FROM client_identifier i WHERE i.client_id = c.id AND i.agency_id = :agency)
                FROM client c
                WHERE lower(c.family_name) = lower(:family) AND lower(c.given_name) = lower(:given) AND c.birth_date = :birth
                  AND c.merged_into_client_id IS NULL
                ORDER BY c.id LIMIT 20""")
                .setParameter("family", person.familyName().trim()).setParameter("given", person.givenName().trim())
                .setParameter("birth", person.birthDate()).setParameter("agency", agencyId)
                .setParameter("strong", SqlValues.arrayLiteral(person.identifiers().stream().map(s -> s.system() + "." + s.value()).toList()))
                .getResultList();
        List<Candidate> candidates = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            candidates.add(new Candidate(SqlValues.id(r[0]), (Boolean) r[1], (Boolean) r[2], (Boolean) r[3]));
        }
        return candidates;
    }

    /** The client raised from is used only when this agency has a care relationship with it and it is the same person. */
    private boolean chosenFits(long clientId, long agencyId, PersonDetails person) {
        return !em.createNativeQuery("""
                SELECT 1 FROM client c JOIN care_relationship r ON r.client_id = c.id AND r.agency_id = :agency
                WHERE c.id = :client AND c.merged_into_client_id IS NULL AND lower(c.family_name) = lower(:family)
                  AND lower(c.given_name) = lower(:given) AND c.birth_date = :birth""")
                .setParameter("agency", agencyId).setParameter("client", clientId)
                .setParameter("family", person.familyName().trim()).setParameter("given", person.givenName().trim())
                .setParameter("birth", person.birthDate()).getResultList().isEmpty();
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

    /** Keeps the strong identifiers sent with the client; a value another client already holds stays with that client. */
    private void remember(long agencyId, PersonDetails person, long clientId) {
        if (person.identifiers().isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                INSERT INTO client_strong_identifier (system, value, client_id, agency_id, created_at)
                SELECT s, v, :client, :agency, :now FROM unnest(CAST(:systems AS TEXT[]), CAST(:values AS TEXT[])) AS x (s, v)
                ON CONFLICT (system, value) DO NOTHING""")
                .setParameter("client", clientId).setParameter("agency", agencyId).setParameter("now", clock.instant())
                .setParameter("systems", SqlValues.arrayLiteral(person.identifiers().stream().map(StrongIdentifier::system).toList()))
                .setParameter("values", SqlValues.arrayLiteral(person.identifiers().stream().map(StrongIdentifier::value).toList()))
                .executeUpdate();
    }
}
