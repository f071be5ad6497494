package org.carerelay.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.carerelay.catalogue.Urgency;
import org.junit.jupiter.api.Test;

/** The notice's text: the minimum necessary, and nothing else can get in (it is built only from its facts). */
class NoticeMessageTest {

    static final Instant ARRIVED = Instant.parse("2026-11-24T15:00:00Z");
    static final ZoneId ZONE = ZoneId.of("America/New_York");

    static NoticeMessage message(Stage stage, Urgency urgency) {
        return NoticeMessage.of(new NoticeMessage.Facts("Eastside Community Response Team", urgency, stage, 4711, ARRIVED,
                ARRIVED.plus(Duration.ofMinutes(65)), "https://carerelay.example.org/urgent/link/TOKEN",
                "https://carerelay.example.org/urgent/link/TOKEN/acknowledge", ARRIVED.plus(Duration.ofHours(13)), ZONE));
    }

    @Test
    void theFirstStageSaysThatOneUrgentItemWaitsWithItsReferenceAgeAndLinks() {
        NoticeMessage m = message(Stage.ON_CALL, Urgency.URGENT_REVIEW);
        assertEquals("1 urgent item is waiting for Eastside Community Response Team in CareRelay", m.subject());
        assertTrue(m.body().contains("Reference: delivery 4711\n"), m.body());
        assertTrue(m.body().contains("Waiting: 1 h 5 min (arrived 24 Nov 2026 10:00)"), m.body());
        assertTrue(m.body().contains("\nhttps://carerelay.example.org/urgent/link/TOKEN\n"), m.body());
        assertTrue(m.body().contains("\nhttps://carerelay.example.org/urgent/link/TOKEN/acknowledge\n"), m.body());
        assertTrue(m.body().contains("until 24 Nov 2026 23:00 (America/New_York)"), m.body());
        assertTrue(m.body().contains("this address is on the on-call contacts of Eastside Community Response Team"), m.body());
    }

    @Test
    void theSecondStageSaysTheItemIsStillWaiting() {
        assertEquals("1 urgent item is still waiting for Eastside Community Response Team in CareRelay",
                message(Stage.TEAM_LEAD, Urgency.URGENT_REVIEW).subject());
        assertEquals("1 item for follow-up is waiting for Eastside Community Response Team in CareRelay",
                message(Stage.ON_CALL, Urgency.ROUTINE_FOLLOW_UP).subject());
    }

    @Test
    void noClientDataAndNoEventTypeCanAppear() {
        for (Stage stage : Stage.values()) {
            NoticeMessage m = message(stage, Urgency.URGENT_REVIEW);
            String all = (m.subject() + "\n" + m.body()).toLowerCase();
            for (String word : List.of("symptom", "deterioration", "client:", "name:", "diagnosis", "birth", "medicaid", "safeguarding")) {
                assertFalse(all.contains(word), "the notice must not say '" + word + "': " + all);
            }
        }
    }

    @Test
    void agesReadNaturally() {
        assertEquals("0 min", NoticeMessage.age(Duration.ofSeconds(-5)));
        assertEquals("45 min", NoticeMessage.age(Duration.ofMinutes(45)));
        assertEquals("2 h", NoticeMessage.age(Duration.ofHours(2)));
        assertEquals("3 days 1 h", NoticeMessage.age(Duration.ofHours(73)));
    }
}
