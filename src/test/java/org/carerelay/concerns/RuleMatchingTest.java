package org.carerelay.concerns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.web.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

/** The pure rule logic: signal matching, due times, thresholds within the window, and the checks of a definition. */
class RuleMatchingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    static List<ConcernRule> shipped() throws Exception {
        try (InputStream in = RuleMatchingTest.class.getClassLoader().getResourceAsStream("concerns/rules.json")) {
            return JSON.readValue(in, new TypeReference<List<ConcernRule>>() {
            });
        }
    }

    static ConcernRule rule(String code) throws Exception {
        return shipped().stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
    }

    static Optional<EventType> type(String code) {
        try (InputStream in = RuleMatchingTest.class.getClassLoader().getResourceAsStream("catalogue/event-types.json")) {
            return JSON.readValue(in, new TypeReference<List<Catalogue.Definition>>() {
            }).stream().filter(d -> d.code().equals(code)).findFirst().map(d -> {
                EventType t = new EventType();
                t.code = d.code();
                t.fields = d.fields();
                return t;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RuleMatching.Hit hit(long id, String key, long agency, int days) {
        return new RuleMatching.Hit(id, key, agency, T0.plus(Duration.ofDays(days)));
    }

    @Test
    void theShippedRulesAreValid() throws Exception {
        for (ConcernRule r : shipped()) {
            assertEquals(List.of(), RuleChecks.problems(r, RuleMatchingTest::type, slug -> true), r.code());
        }
    }

    @Test
    void aFieldConditionMustHold() throws Exception {
        ConcernRule.Signal risk = rule("CRISIS_MEDICATION_7D").signals().get(1);
        assertTrue(RuleMatching.matches(risk, "MEDICATION_ADHERENCE_RISK_CHANGE", Map.of("currentRisk", "high")));
        assertFalse(RuleMatching.matches(risk, "MEDICATION_ADHERENCE_RISK_CHANGE", Map.of("currentRisk", "medium")));
        assertFalse(RuleMatching.matches(risk, "MISSED_WELFARE_CONTACT", Map.of("currentRisk", "high")));
    }

    @Test
    void aScheduledFollowUpIsDueAtItsTime() throws Exception {
        ConcernRule.Signal missed = rule("HOUSING_WELFARE_HEALTH_14D").signals().get(2);
        assertEquals(Optional.of(T0), RuleMatching.dueTime(missed, "FOLLOW_UP_SCHEDULED", Map.of("scheduledFor", T0.toString()), ZoneId.of("UTC")));
        assertEquals(Optional.empty(), RuleMatching.dueTime(missed, "FOLLOW_UP_COMPLETED", Map.of("scheduledFor", T0.toString()), ZoneId.of("UTC")));
        assertTrue(RuleMatching.matches(missed, "FOLLOW_UP_MISSED", Map.of()));
    }

    @Test
    void thresholdNeedsDistinctSignalsAndAgenciesWithinTheWindow() throws Exception {
        ConcernRule r = rule("HOUSING_WELFARE_HEALTH_14D");
        assertEquals(3, RuleMatching.meetingThreshold(r, List.of(hit(1, "housing-instability", 5, 0), hit(2, "missed-welfare-contact", 6, 3),
                hit(3, "missed-follow-up", 3, 10))).size());
        assertEquals(0, RuleMatching.meetingThreshold(r, List.of(hit(1, "housing-instability", 5, 0), hit(2, "missed-welfare-contact", 6, 3),
                hit(3, "missed-follow-up", 3, 15))).size(), "15 days apart: outside the 14-day window");
        assertEquals(0, RuleMatching.meetingThreshold(r, List.of(hit(1, "housing-instability", 5, 0), hit(2, "missed-welfare-contact", 6, 1),
                hit(3, "missed-welfare-contact", 6, 2))).size(), "only two distinct signals");
        ConcernRule safeguarding = rule("SAFEGUARDING_MISSED_CONTACT_7D");
        assertEquals(0, RuleMatching.meetingThreshold(safeguarding, List.of(hit(1, "safeguarding-concern", 3, 0), hit(2, "missed-contact", 3, 1)))
                .size(), "both at one agency: the rule needs two");
        assertEquals(2, RuleMatching.meetingThreshold(safeguarding, List.of(hit(1, "safeguarding-concern", 3, 0), hit(2, "missed-contact", 4, 1)))
                .size());
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() throws Exception {
        ConcernRule good = rule("CRISIS_MEDICATION_7D");
        ConcernRule.Signal badCondition = new ConcernRule.Signal("medication-risk-high", "Risk", List.of("MEDICATION_ADHERENCE_RISK_CHANGE"),
                new ConcernRule.Condition("currentRisk", List.of("extreme")), null);
        ConcernRule bad = new ConcernRule("lower", "", good.meaning(), good.action(), "maybe", 0, 5, 1, "soon", 1, List.of("nowhere"),
                List.of(good.signals().get(0), badCondition, new ConcernRule.Signal("x", "X", List.of("MULTI_AGENCY_CONCERN"), null, null)));
        List<String> fields = RuleChecks.problems(bad, RuleMatchingTest::type, slug -> false).stream().map(FieldError::field).toList();
        for (String f : List.of("code", "title", "status", "windowDays", "urgency", "minSignals", "signals[1].condition.anyOf",
                "signals[2].eventTypes[0]", "namedRecipients[0]")) {
            assertTrue(fields.contains(f), f + " in " + fields);
        }
    }
}
