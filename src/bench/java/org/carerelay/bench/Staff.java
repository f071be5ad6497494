package org.carerelay.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The people (and partner systems) who act in the generated history: the demo users of
 * DEMO-NETWORK.md plus synthetic colleagues, so a county-sized agency has a county-sized team.
 * Synthetic staff are recorded in staff_member (team leads assign from it); they cannot sign in.
 */
final class Staff {

    record Person(String username, String displayName, long agencyId, List<String> roles, String subject) {
    }

    private static final String[] GIVEN = {"Alex", "Bianca", "Carlos", "Deja", "Ethan", "Farah", "Gabriel", "Hana", "Isaac", "Jada",
        "Kofi", "Laila", "Mateo", "Nadia", "Omar", "Paula", "Quinn", "Rosa", "Samir", "Tara", "Uma", "Victor", "Wen", "Yusuf", "Zoe"};
    private static final String[] FAMILY = {"Adams", "Brooks", "Castillo", "Diallo", "Evans", "Flores", "Garcia", "Hughes", "Ito",
        "Jensen", "Kim", "Lopez", "Mensah", "Novak", "Ortiz", "Price", "Quint", "Reed", "Singh", "Tran", "Usman", "Vargas", "Ward"};
    /** Agency slug: short name in usernames, the frontline demo users, the team lead, the partner client (or null). */
    private static final Map<String, String[]> DEMO = Map.of(
            "riverside-hospital", new String[] {"riverside", "nurse.riverside", "lead.riverside", "ingest-riverside-hospital"},
            "eastside-community", new String[] {"eastside", "responder.eastside", "lead.eastside", null},
            "mindbridge-bh", new String[] {"mindbridge", "clinician.mindbridge", null, "ingest-mindbridge-bh"},
            "harbor-support", new String[] {"harbor", "worker.harbor", null, null},
            "northgate-housing", new String[] {"northgate", "officer.northgate", null, "ingest-northgate-housing"},
            "county-welfare", new String[] {"welfare", "advisor.welfare", null, "ingest-county-welfare"});

    private final Map<Long, List<Person>> frontline = new HashMap<>();
    private final Map<Long, Person> leads = new HashMap<>();
    private final Map<Long, Person> privacy = new HashMap<>();
    private final Map<Long, Person> partners = new HashMap<>();
    private final List<Person> synthetic = new ArrayList<>();
    private final Map<Long, String> shortNames = new HashMap<>();

    Staff(Network network, int perAgency) {
        Random names = new Random(7);
        DEMO.forEach((slug, d) -> {
            long agency = network.id(slug);
            shortNames.put(agency, d[0]);
            List<Person> team = new ArrayList<>();
            team.add(person(d[1], null, agency, List.of("frontline"), names));
            Person lead = d[2] != null ? person(d[2], null, agency, List.of("frontline", "team-lead"), names)
                    : syntheticPerson("lead." + d[0], agency, List.of("frontline", "team-lead"), names);
            team.add(lead);
            leads.put(agency, lead);
            for (int i = 1; i <= perAgency; i++) {
                team.add(syntheticPerson(String.format("%s.staff%02d", d[0], i), agency, List.of("frontline"), names));
            }
            frontline.put(agency, team);
            privacy.put(agency, slug.equals("eastside-community") ? person("privacy.eastside", null, agency, List.of("privacy-officer"), names)
                    : syntheticPerson("privacy." + d[0], agency, List.of("privacy-officer"), names));
            if (d[3] != null) {
                partners.put(agency, new Person(d[3], d[3], agency, List.of("partner-system"), subject("service-account-" + d[3])));
            }
        });
    }

    private Person person(String username, String display, long agency, List<String> roles, Random names) {
        return new Person(username, display == null ? name(names) : display, agency, roles, subject(username));
    }

    private Person syntheticPerson(String username, long agency, List<String> roles, Random names) {
        Person p = person(username, null, agency, roles, names);
        synthetic.add(p);
        return p;
    }

    private static String name(Random r) {
        return GIVEN[r.nextInt(GIVEN.length)] + " " + FAMILY[r.nextInt(FAMILY.length)];
    }

    /** A stable Keycloak-like subject (user id) for a username. */
    static String subject(String username) {
        return UUID.nameUUIDFromBytes(("carerelay-bench:" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }

    String shortName(long agency) {
        return shortNames.get(agency);
    }

    Person worker(long agency, Random r) {
        List<Person> team = frontline.get(agency);
        return team.get(r.nextInt(team.size()));
    }

    Person lead(long agency) {
        return leads.get(agency);
    }

    Person privacyOfficer(long agency) {
        return privacy.get(agency);
    }

    /** The agency's partner system (its EHR or case-management client), or null when it has none. */
    Person partner(long agency) {
        return partners.get(agency);
    }

    /** Records the synthetic staff in staff_member (the demo users are recorded by the app at start). */
    void record(Connection c, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO staff_member (username, display_name, agency_id, roles, last_seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""")) {
            for (Person p : synthetic) {
                s.setString(1, p.username());
                s.setString(2, p.displayName());
                s.setLong(3, p.agencyId());
                s.setArray(4, c.createArrayOf("text", p.roles().toArray()));
                s.setObject(5, java.sql.Timestamp.from(at));
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
