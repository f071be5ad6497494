package org.carerelay.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.carerelay.handover.HandoverDocument;

/**
 * The clients of the generated history and what the exchange keeps about each: each agency's local
 * identifier, care relationships (first reason wins, as CareRelationships.ensure does), the status
 * markers in force (set and cleared by events, as ClientMarkers does) and behavioral-health consent.
 */
final class Clients {

    static final class Client {
        final long id;
        final String given;
        final String family;
        final LocalDate birth;
        final Instant created;
        /** agency id: {basis, since} of the care relationship. */
        final Map<Long, Object[]> relationships = new LinkedHashMap<>(4);
        /** marker: {setByEventId, setAt}. */
        final Map<String, Object[]> markers = new LinkedHashMap<>(2);
        final List<Long> identifiedAt = new ArrayList<>(2);
        final List<Long> behavioralConsent = new ArrayList<>(1);
        int events;

        Client(long id, String given, String family, LocalDate birth, Instant created) {
            this.id = id;
            this.given = given;
            this.family = family;
            this.birth = birth;
            this.created = created;
        }

        boolean related(long agency) {
            return relationships.containsKey(agency);
        }
    }

    private static final String[] GIVEN = {"Dana", "Marcus", "Aaliyah", "Jorge", "Priya", "Tom", "Keisha", "Luis", "Mei", "Robert",
        "Fatima", "Eli", "Grace", "Andre", "Sofia", "Walter", "Nia", "Hector", "Ruth", "Kevin", "Amara", "Dmitri", "Lena", "Owen",
        "Bea", "Caleb", "Diane", "Emeka", "Frances", "Gustavo", "Helen", "Ivan", "Josefina", "Kareem", "Lorraine", "Miguel", "Noor",
        "Oscar", "Patricia", "Rafael", "Sharon", "Tyrone", "Ursula", "Vernon", "Wanda", "Xavier", "Yolanda", "Zack"};
    private static final String[] FAMILY = {"Whitfield", "Okafor", "Martinez", "Nguyen", "Patel", "Brennan", "Johnson", "Alvarez",
        "Chen", "Kowalski", "Haddad", "Morgan", "Baptiste", "Olsen", "Rivera", "Thompson", "Washington", "Ibrahim", "Sullivan", "Park",
        "Anderson", "Bello", "Cruz", "Dubois", "Eriksen", "Fischer", "Gonzalez", "Hoffman", "Jackson", "Khan", "Lindqvist", "Murphy",
        "Nakamura", "O'Brien", "Petrov", "Rossi", "Schmidt", "Torres", "Vasquez", "Williams", "Young", "Zimmerman"};
    private static final Map<String, String> PREFIX = Map.of("riverside-hospital", "RGH", "eastside-community", "ECR", "mindbridge-bh", "MB",
            "harbor-support", "HCS", "northgate-housing", "NHA", "county-welfare", "CW");

    private final List<Client> all = new ArrayList<>();
    private final Map<Long, String> prefixes = new HashMap<>();
    final CopyTable clientRows = new CopyTable("client", "id, given_name, family_name, birth_date, created_at");
    final CopyTable identifiers = new CopyTable("client_identifier", "agency_id, local_id, client_id, created_at");
    final CopyTable consents = new CopyTable("consent_record", "client_id, recipient_agency_id, category, status, recorded_by,"
            + " recorded_by_agency_id, recorded_at");

    Clients(Network network) {
        network.agencies.forEach((slug, id) -> prefixes.put(id, PREFIX.getOrDefault(slug, "AG" + id)));
    }

    int size() {
        return all.size();
    }

    Client get(long id) {
        return all.get((int) (id - 1));
    }

    /** A new client (ids from 1, in order of first contact). */
    Client create(Random r, Instant at) {
        Client c = new Client(all.size() + 1, GIVEN[r.nextInt(GIVEN.length)], FAMILY[r.nextInt(FAMILY.length)],
                LocalDate.of(1935 + r.nextInt(70), 1 + r.nextInt(12), 1 + r.nextInt(28)), at);
        all.add(c);
        clientRows.row(c.id, c.given, c.family, c.birth, at);
        return c;
    }

    /** Someone seen before: mostly a person from the last few months. */
    Client returning(Random r, int recentWindow) {
        int n = all.size();
        return all.get(n - 1 - r.nextInt(Math.max(1, Math.min(n, recentWindow))));
    }

    Client random(Random r) {
        return all.get(r.nextInt(all.size()));
    }

    String localId(Client c, long agency) {
        return prefixes.get(agency) + "-" + (100_000 + c.id);
    }

    HandoverDocument.Person person(Client c, long agency) {
        return new HandoverDocument.Person(localId(c, agency), c.given, c.family, c.birth.toString());
    }

    /** The source agency's local identifier, recorded the first time it sends about the client. */
    void identify(Client c, long agency, Instant at) {
        if (!c.identifiedAt.contains(agency)) {
            c.identifiedAt.add(agency);
            identifiers.row(agency, localId(c, agency), c.id, at);
        }
    }

    void relate(Client c, long agency, String basis, Instant at) {
        c.relationships.putIfAbsent(agency, new Object[] {basis, at});
    }

    void consent(Client c, long recipient, String recordedBy, long recordedByAgency, Instant at) {
        consents.row(c.id, recipient, "behavioral_health", "given", recordedBy, recordedByAgency, at);
        c.behavioralConsent.add(recipient);
    }

    void markers(Client c, Network.Type type, long eventId, Instant at) {
        type.clearsMarkers().forEach(c.markers::remove);
        type.setsMarkers().forEach(m -> c.markers.put(m, new Object[] {eventId, at}));
    }

    /** care_relationship and client_marker rows as they stand at the end (written once, after every event). */
    void writeFinalState(CopyTable relationships, CopyTable markers) {
        for (Client c : all) {
            c.relationships.forEach((agency, v) -> relationships.row(c.id, agency, v[0], v[1]));
            c.markers.forEach((marker, v) -> markers.row(c.id, marker, v[0], v[1]));
        }
    }
}
