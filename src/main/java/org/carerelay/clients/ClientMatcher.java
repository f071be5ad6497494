package org.carerelay.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.carerelay.clients.ClientStore.Candidate;
import org.carerelay.sql.AdvisoryLock;

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

    @Inject
    EntityManager em;

    @Inject
    ClientStore store;

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
        Optional<Long> known = store.clientByLocalId(agencyId, person.localId());
        if (known.isPresent()) {
            return linked(known.get(), Outcome.EXISTING_IDENTIFIER, agencyId, person, false);
        }
        if (chosenClientId != null && chosenFits(chosenClientId, agencyId, person)) {
            return linked(chosenClientId, Outcome.CHOSEN_FROM_RECORD, agencyId, person, true);
        }
        List<Candidate> all = store.candidates(agencyId, person.givenName().trim(), person.familyName().trim(), person.birthDate(),
                person.identifiers().stream().map(s -> s.system() + "." + s.value()).toList());
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
        store.openIdentityException(agencyId, person.localId(), clientId, candidates.stream().map(Candidate::id).toList(),
                outcome == Outcome.PROBABLE_MATCH ? "probable" : "ambiguous", clock.instant());
        return new Match(clientId, outcome);
    }

    private Match linked(long clientId, Outcome outcome, long agencyId, PersonDetails person, boolean newLocalId) {
        if (newLocalId) {
            link(agencyId, person.localId(), clientId);
        }
        remember(agencyId, person, clientId);
        return new Match(clientId, outcome);
    }

    /** The client raised from is used only when this agency has a care relationship with it and it is the same person. */
    private boolean chosenFits(long clientId, long agencyId, PersonDetails person) {
        return store.sameCaredForPerson(clientId, agencyId, person.givenName().trim(), person.familyName().trim(), person.birthDate());
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
        store.link(agencyId, localId, clientId, clock.instant());
    }

    /** Keeps the strong identifiers sent with the client; a value another client already holds stays with that client. */
    private void remember(long agencyId, PersonDetails person, long clientId) {
        if (!person.identifiers().isEmpty()) {
            store.rememberStrong(clientId, agencyId, person.identifiers(), clock.instant());
        }
    }
}
