package org.carerelay.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.clients.ClientMatcher.PersonDetails;
import org.carerelay.clients.StrongIdentifier;
import org.carerelay.clock.CareClock;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.deliveries.Outcome;
import org.carerelay.events.EventIngest;
import org.carerelay.events.EventSubmission;
import org.carerelay.sharing.ConsentRegister;
import org.carerelay.sharing.ConsentStatus;
import org.jboss.logging.Logger;

/**
 * Two weeks of lived-in history for the local stack: dozens of clients across the three
 * pathways, events in every delivery state, some overdue. Written through the same services as
 * real traffic (ingest, consent, delivery transitions), at the historical times they happened.
 */
@ApplicationScoped
public class DemoHistory {

    private static final Logger LOG = Logger.getLogger(DemoHistory.class);
    private static final String[] GIVEN = {"Dana", "Marcus", "Aaliyah", "Jorge", "Priya", "Tom", "Keisha", "Luis", "Mei", "Robert",
        "Fatima", "Eli", "Grace", "Andre", "Sofia", "Walter", "Nia", "Hector", "Ruth", "Kevin", "Amara", "Dmitri", "Lena", "Owen"};
    private static final String[] FAMILY = {"Whitfield", "Okafor", "Martinez", "Nguyen", "Patel", "Brennan", "Johnson", "Alvarez",
        "Chen", "Kowalski", "Haddad", "Morgan", "Baptiste", "Olsen", "Rivera", "Thompson", "Washington", "Ibrahim", "Sullivan", "Park"};

    @Inject
    EventIngest ingest;

    @Inject
    DeliveryService deliveries;

    @Inject
    ConsentRegister consent;

    @Inject
    AgencyDirectory agencies;

    @Inject
    CareClock clock;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    private record Step(Instant at, String agency, String type, Map<String, Object> data, PersonDetails person) {
    }

    @jakarta.enterprise.context.control.ActivateRequestContext
    public void load(int clients) {
        Random random = new Random(20261125L);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String given = GIVEN[i % GIVEN.length];
            String family = FAMILY[(i * 7) % FAMILY.length];
            LocalDate birth = LocalDate.of(1940 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28));
            Instant start = now.minus(Duration.ofHours(6 + random.nextInt(14 * 24)));
            switch (i % 3) {
                case 0 -> discharge(steps, random, start, person("RGH", i, given, family, birth));
                case 1 -> behavioralHealth(steps, random, start, withMedicaid(person("MB", i, given, family, birth), i));
                default -> housingWelfare(steps, random, start, given, family, birth, i);
            }
        }
        steps.sort((a, b) -> a.at().compareTo(b.at()));
        int shared = 0;
        for (Step step : steps) {
            if (step.at().isAfter(now)) {
                continue;
            }
            clock.runAt(step.at().plus(Duration.ofMinutes(2 + random.nextInt(20))), () -> share(step, random, now));
            shared++;
        }
        LOG.infof("Demo history loaded: %d clients, %d events over two weeks", clients, shared);
    }

    private void share(Step step, Random random, Instant now) {
        long source = agencies.find(step.agency()).orElseThrow().id();
        // Through the same validation as the partner API: the demo data must be valid data.
        Map<String, Object> client = new java.util.LinkedHashMap<>(Map.of("localId", step.person().localId(),
                "givenName", step.person().givenName(), "familyName", step.person().familyName(),
                "birthDate", step.person().birthDate().toString()));
        if (!step.person().identifiers().isEmpty()) {
            client.put("identifiers", step.person().identifiers().stream().map(s -> Map.of("system", s.system(), "value", s.value())).toList());
        }
        Map<String, Object> body = Map.of("type", step.type(), "occurredAt", step.at().toString(), "data", step.data(), "client", client);
        EventSubmission submission = ingest.validator().validate(json.valueToTree(body));
        EventIngest.Result result = ingest.ingest(submission, new EventIngest.Submitter(DemoStaff.sender(step.agency()), source));
        if (step.type().equals("MISSED_CONTACT_AFTER_CRISIS") && random.nextInt(3) > 0) {
            consent.record(result.clientId(), agencies.find("harbor-support").orElseThrow().id(), Sensitivity.BEHAVIORAL_HEALTH,
                    ConsentStatus.GIVEN, DemoStaff.sender(step.agency()), source, clock.instant());
        }
        for (EventIngest.Receipt receipt : result.deliveries()) {
            progress(receipt, step.at(), random, now);
        }
    }

    /** Moves a delivery along as its team would have: most finished, some in hand, some late. */
    private void progress(EventIngest.Receipt receipt, Instant occurred, Random random, Instant now) {
        long agencyId = agencies.find(receipt.agency()).orElseThrow().id();
        String worker = DemoStaff.worker(receipt.agency(), random);
        DeliveryService.Actor actor = new DeliveryService.Actor(worker, agencyId, false);
        long ageHours = Duration.between(occurred, now).toHours();
        int roll = random.nextInt(100);
        if (roll < 12 || ageHours < 2) {
            return; // still new (overdue when past its window)
        }
        Instant ackAt = occurred.plus(Duration.ofMinutes(20 + random.nextInt(Math.max(1, (int) Math.min(ageHours, 30)) * 60)));
        if (ackAt.isAfter(now)) {
            return;
        }
        clock.runAt(ackAt, () -> deliveries.acknowledge(receipt.deliveryId(), actor, null));
        if (roll < 24) {
            return;
        }
        Instant startAt = ackAt.plus(Duration.ofMinutes(10 + random.nextInt(240)));
        if (startAt.isAfter(now)) {
            return;
        }
        clock.runAt(startAt, () -> deliveries.start(receipt.deliveryId(), actor, null));
        if (roll < 40) {
            return;
        }
        Instant doneAt = startAt.plus(Duration.ofMinutes(30 + random.nextInt(48 * 60)));
        if (doneAt.isAfter(now)) {
            return;
        }
        Outcome outcome = roll < 80 ? Outcome.ACTIONED : roll < 92 ? Outcome.NO_ACTION_NEEDED : Outcome.DECLINED;
        String reason = switch (outcome) {
            case NO_ACTION_NEEDED -> "Already in contact with the person this week.";
            case DECLINED -> "Outside our service area; advised the source to refer locally.";
            default -> null;
        };
        clock.runAt(doneAt, () -> deliveries.complete(receipt.deliveryId(), actor, outcome, reason, null));
    }

    private static PersonDetails person(String prefix, int i, String given, String family, LocalDate birth) {
        return new PersonDetails(prefix + "-" + (10_000 + i * 37), given, family, birth);
    }

    /**
     * The same person with the Medicaid member id the agencies of the behavioral-health and the
     * housing and welfare pathways hold: their records link to one client without an identity steward.
     */
    private static PersonDetails withMedicaid(PersonDetails person, int i) {
        return new PersonDetails(person.localId(), person.givenName(), person.familyName(), person.birthDate(),
                List.of(new StrongIdentifier(StrongIdentifier.IdentifierSystem.MEDICAID.code, "DEMO" + (700_000 + i * 37))));
    }

    private void discharge(List<Step> steps, Random random, Instant start, PersonDetails person) {
        steps.add(new Step(start, "riverside-hospital", "DISCHARGE_HANDOVER", DemoData.dischargeHandover(random, start), person));
        if (random.nextBoolean()) {
            Instant later = start.plus(Duration.ofHours(20 + random.nextInt(72)));
            steps.add(new Step(later, "riverside-hospital", "SYMPTOM_DETERIORATION", DemoData.deterioration(random, later), person));
        }
        steps.add(new Step(start.plus(Duration.ofHours(2)), "riverside-hospital", "FOLLOW_UP_SCHEDULED",
                DemoData.followUpScheduled(random, start.plus(Duration.ofHours(48))), person));
    }

    private void behavioralHealth(List<Step> steps, Random random, Instant start, PersonDetails person) {
        steps.add(new Step(start, "mindbridge-bh", "MISSED_CONTACT_AFTER_CRISIS", DemoData.missedContact(random, start), person));
        if (random.nextBoolean()) {
            Instant later = start.plus(Duration.ofHours(12 + random.nextInt(96)));
            steps.add(new Step(later, "mindbridge-bh", "MEDICATION_ADHERENCE_RISK_CHANGE", DemoData.medicationRisk(random), person));
        }
        if (random.nextInt(5) == 0) {
            Instant later = start.plus(Duration.ofHours(30 + random.nextInt(72)));
            steps.add(new Step(later, "mindbridge-bh", "SAFEGUARDING_CONCERN", DemoData.safeguarding(random), person));
        }
        Instant followUp = start.plus(Duration.ofHours(72));
        steps.add(new Step(start.plus(Duration.ofHours(1)), "mindbridge-bh", "FOLLOW_UP_SCHEDULED", DemoData.followUpScheduled(random, followUp), person));
        PersonDetails atHarbor = new PersonDetails("HCS-" + person.localId().substring(3), person.givenName(), person.familyName(),
                person.birthDate(), person.identifiers());
        String outcome = random.nextInt(3) == 0 ? "FOLLOW_UP_MISSED" : "FOLLOW_UP_COMPLETED";
        steps.add(new Step(followUp.plus(Duration.ofHours(2)), "harbor-support", outcome, DemoData.followUpOutcome(outcome, followUp), atHarbor));
    }

    private void housingWelfare(List<Step> steps, Random random, Instant start, String given, String family, LocalDate birth, int i) {
        PersonDetails tenant = withMedicaid(person("NHA", i, given, family, birth), i);
        // Now and then County Welfare has no Medicaid id on file: a match on name and birth date alone
        // waits in the identity steward's queue.
        PersonDetails claimant = i % 4 == 2 ? person("CW", i, given, family, birth) : withMedicaid(person("CW", i, given, family, birth), i);
        steps.add(new Step(start, "northgate-housing", "HOUSING_INSTABILITY_ALERT", DemoData.housingAlert(random, start), tenant));
        if (random.nextBoolean()) {
            Instant later = start.plus(Duration.ofHours(6 + random.nextInt(48)));
            steps.add(new Step(later, "county-welfare", "BENEFITS_INTERRUPTION", DemoData.benefitsInterruption(random, later), claimant));
        }
        if (random.nextInt(3) == 0) {
            Instant later = start.plus(Duration.ofHours(24 + random.nextInt(72)));
            steps.add(new Step(later, "county-welfare", "MISSED_WELFARE_CONTACT", DemoData.missedWelfare(random, later), claimant));
        }
        if (random.nextInt(4) == 0) {
            Instant later = start.plus(Duration.ofHours(3 + random.nextInt(100)));
            steps.add(new Step(later, "northgate-housing", "URGENT_ACCESS_PROBLEM", DemoData.urgentAccess(random), tenant));
        }
    }
}
