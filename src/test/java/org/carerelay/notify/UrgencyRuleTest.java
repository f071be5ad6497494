package org.carerelay.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.catalogue.Urgency;
import org.junit.jupiter.api.Test;

/** The threshold logic (which stage is due when), the rule form's refusals, and the contact address check. */
class UrgencyRuleTest {

    static final Instant ARRIVED = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void stagesFallDueAtTheirThresholdsAfterArrival() {
        UrgencyRule rule = UrgencyRule.defaults(Urgency.URGENT_REVIEW, 30, 60);
        assertEquals(List.of(), rule.dueStages(ARRIVED, ARRIVED.plus(Duration.ofMinutes(29))));
        assertEquals(List.of(Stage.ON_CALL), rule.dueStages(ARRIVED, ARRIVED.plus(Duration.ofMinutes(30))));
        assertEquals(List.of(Stage.ON_CALL), rule.dueStages(ARRIVED, ARRIVED.plus(Duration.ofMinutes(59))));
        assertEquals(List.of(Stage.ON_CALL, Stage.TEAM_LEAD), rule.dueStages(ARRIVED, ARRIVED.plus(Duration.ofMinutes(60))));
    }

    @Test
    void onlyUrgentReviewNotifiesByDefaultAndAStageCanBeOff() {
        assertTrue(UrgencyRule.defaults(Urgency.ROUTINE_FOLLOW_UP, 30, 60).off());
        UrgencyRule onCallOnly = new UrgencyRule(Urgency.URGENT_REVIEW, 15, null);
        assertEquals(List.of(Stage.ON_CALL), onCallOnly.dueStages(ARRIVED, ARRIVED.plus(Duration.ofDays(3))));
    }

    @Test
    void cutoffsCoverEveryAgencyStageWithContactsUsingItsOwnRuleOrTheDefaults() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        Map<Thresholds.Key, UrgencyRule> stored = Map.of(new Thresholds.Key(7, Urgency.URGENT_REVIEW),
                new UrgencyRule(Urgency.URGENT_REVIEW, 60, 180), new Thresholds.Key(7, Urgency.ROUTINE_FOLLOW_UP),
                new UrgencyRule(Urgency.ROUTINE_FOLLOW_UP, 240, null));
        List<NoticeStore.Cutoff> cutoffs = Thresholds.cutoffs(List.of(new long[] {7, 1}, new long[] {7, 2}, new long[] {9, 1}), stored,
                30, 60, now);
        assertEquals(List.of(
                new NoticeStore.Cutoff(7, Urgency.URGENT_REVIEW, Stage.ON_CALL, now.minus(Duration.ofMinutes(60))),
                new NoticeStore.Cutoff(7, Urgency.ROUTINE_FOLLOW_UP, Stage.ON_CALL, now.minus(Duration.ofMinutes(240))),
                new NoticeStore.Cutoff(7, Urgency.URGENT_REVIEW, Stage.TEAM_LEAD, now.minus(Duration.ofMinutes(180))),
                new NoticeStore.Cutoff(9, Urgency.URGENT_REVIEW, Stage.ON_CALL, now.minus(Duration.ofMinutes(30)))), cutoffs);
    }

    @Test
    void badThresholdsAreRefusedNamingTheField() {
        assertRefused("abc", "60", "onCallMinutes", "Notify the on-call contacts after (minutes): enter a whole number");
        assertRefused("2", "60", "onCallMinutes", "between 5 and 10080 minutes");
        assertRefused("30", "99999", "leadMinutes", "Notify the team lead contacts after (minutes): enter between 5 and 10080");
        assertRefused("60", "30", "leadMinutes", "must be more than the on-call contacts' 60 minutes");
        Map<String, String> none = new LinkedHashMap<>();
        assertEquals(Optional.of(new UrgencyRule(Urgency.URGENT_REVIEW, null, 45)), UrgencyRule.parse(Urgency.URGENT_REVIEW, " ", "45", none));
        assertTrue(none.isEmpty());
    }

    static void assertRefused(String onCall, String lead, String field, String message) {
        Map<String, String> problems = new LinkedHashMap<>();
        assertEquals(Optional.empty(), UrgencyRule.parse(Urgency.URGENT_REVIEW, onCall, lead, problems));
        assertTrue(problems.getOrDefault(field, "").contains(message), problems.toString());
    }

    @Test
    void contactAddressesAreOnePlainAddressEach() {
        assertEquals("oncall@eastside.example.org", ContactAddress.clean("  OnCall@Eastside.Example.org "));
        assertEquals(Optional.empty(), ContactAddress.problem("pager+4711@sms-relay.example.net"));
        for (String bad : List.of("", "oncall", "oncall@", "@eastside.org", "on call@eastside.org", "a@b.org, c@d.org",
                "on-call <oncall@eastside.org>", "oncall@eastside", "oncall@-eastside.org", "oncall@eastside.org\nbcc:x@y.org")) {
            Optional<String> problem = ContactAddress.problem(ContactAddress.clean(bad));
            assertTrue(problem.isPresent() && problem.get().startsWith("Email address:"), bad + " -> " + problem);
        }
        assertTrue(ContactAddress.problem("x".repeat(250) + "@a.org").orElseThrow().contains("at most 254"));
    }
}
