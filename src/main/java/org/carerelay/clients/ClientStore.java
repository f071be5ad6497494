package org.carerelay.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/**
 * The SQL of client identity: the agencies' local ids of a client (client_identifier), the strong identifiers sent with
 * it, the candidates of a match by name and birth date, and the identity exceptions a match opens.
 */
@ApplicationScoped
public class ClientStore {

    /** A client with the same name and birth date as a person being matched. */
    record Candidate(long id, boolean provisional, boolean strong, boolean ownRecord) {

        static Candidate of(Row r) {
            return new Candidate(r.id("id"), r.bool("provisional"), r.bool("strong"), r.bool("own_record"));
        }
    }

    @Inject
    EntityManager em;

    /** The client the agency knows under this local id, if any. */
    public Optional<Long> clientByLocalId(long agencyId, String localId) {
        return Row.first(Row.query(em, "SELECT client_id FROM client_identifier WHERE agency_id = :agency AND local_id = :local")
                .setParameter("agency", agencyId).setParameter("local", localId)).map(r -> r.id("client_id"));
    }

    /** The agency's first local id for the client, if it has one. */
    public Optional<String> firstLocalId(long agencyId, long clientId) {
        return Row.first(Row.query(em, """
                SELECT local_id FROM client_identifier WHERE agency_id = :agency AND client_id = :client
                ORDER BY created_at, local_id""")
                .setParameter("agency", agencyId).setParameter("client", clientId)).map(r -> r.text("local_id"));
    }

    /** Every agency's local id for the client, as "Agency name: local id", by agency name. */
    List<String> localIdsByAgency(long clientId) {
        return Row.all(Row.query(em, """
                SELECT a.name || ': ' || i.local_id AS local_id FROM client_identifier i JOIN agency a ON a.id = i.agency_id
                WHERE i.client_id = :c ORDER BY a.name""").setParameter("c", clientId)).stream().map(r -> r.text("local_id")).toList();
    }

    /**
     * Clients with the same name and birth date (at most 20, merged-away clients left out): whether each is a provisional
     * client awaiting a steward, holds one of the strong identifiers ("system.value"), or holds a local id of the agency.
     */
    List<Candidate> candidates(long agencyId, String givenName, String familyName, java.time.LocalDate birthDate, List<String> strong) {
        return Row.all(Row.query(em, """
                SELECT c.id,
                       EXISTS (SELECT 1 FROM identity_exception x WHERE x.provisional_client_id = c.id AND x.status = 'open')
                           AS provisional,
                       EXISTS (SELECT 1 FROM client_strong_identifier s WHERE s.client_id = c.id
                               AND s.system || '.' || s.value = ANY(CAST(:strong AS TEXT[]))) AS strong,
                       EXISTS (SELECT 1 FROM client_identifier i WHERE i.client_id = c.id AND i.agency_id = :agency) AS own_record
                FROM client c
                WHERE lower(c.family_name) = lower(:family) AND lower(c.given_name) = lower(:given) AND c.birth_date = :birth
                  AND c.merged_into_client_id IS NULL
                ORDER BY c.id LIMIT 20""")
                .setParameter("family", familyName).setParameter("given", givenName)
                .setParameter("birth", birthDate).setParameter("agency", agencyId)
                .setParameter("strong", SqlValues.arrayLiteral(strong))).stream().map(Candidate::of).toList();
    }

    /** Whether the client is not merged away, has this name and birth date, and the agency has a care relationship with it. */
    boolean sameCaredForPerson(long clientId, long agencyId, String givenName, String familyName, java.time.LocalDate birthDate) {
        return Row.first(Row.query(em, """
                SELECT 1 AS found FROM client c JOIN care_relationship r ON r.client_id = c.id AND r.agency_id = :agency
                WHERE c.id = :client AND c.merged_into_client_id IS NULL AND lower(c.family_name) = lower(:family)
                  AND lower(c.given_name) = lower(:given) AND c.birth_date = :birth""")
                .setParameter("agency", agencyId).setParameter("client", clientId)
                .setParameter("family", familyName).setParameter("given", givenName)
                .setParameter("birth", birthDate)).isPresent();
    }

    void link(long agencyId, String localId, long clientId, Instant at) {
        em.createNativeQuery("INSERT INTO client_identifier (agency_id, local_id, client_id, created_at) VALUES (:agency, :local, :client, :now)")
                .setParameter("agency", agencyId).setParameter("local", localId).setParameter("client", clientId)
                .setParameter("now", at).executeUpdate();
    }

    /** Keeps strong identifiers with the client; a value another client already holds stays with that client. */
    void rememberStrong(long clientId, long agencyId, List<StrongIdentifier> identifiers, Instant at) {
        em.createNativeQuery("""
                INSERT INTO client_strong_identifier (system, value, client_id, agency_id, created_at)
                SELECT s, v, :client, :agency, :now FROM unnest(CAST(:systems AS TEXT[]), CAST(:values AS TEXT[])) AS x (s, v)
                ON CONFLICT (system, value) DO NOTHING""")
                .setParameter("client", clientId).setParameter("agency", agencyId).setParameter("now", at)
                .setParameter("systems", SqlValues.arrayLiteral(identifiers.stream().map(StrongIdentifier::system).toList()))
                .setParameter("values", SqlValues.arrayLiteral(identifiers.stream().map(StrongIdentifier::value).toList()))
                .executeUpdate();
    }

    /** An identity exception for a steward: the provisional client made for the local id, and the candidates it may be. */
    void openIdentityException(long agencyId, String localId, long provisionalClientId, List<Long> candidateIds, String matchKind,
            Instant at) {
        em.createNativeQuery("""
                INSERT INTO identity_exception (agency_id, local_id, provisional_client_id, candidate_client_ids, match_kind, created_at)
                VALUES (:agency, :local, :client, CAST(:candidates AS BIGINT[]), :kind, :now)""")
                .setParameter("agency", agencyId).setParameter("local", localId).setParameter("client", provisionalClientId)
                .setParameter("candidates", SqlValues.arrayLiteral(candidateIds))
                .setParameter("kind", matchKind).setParameter("now", at).executeUpdate();
    }
}
