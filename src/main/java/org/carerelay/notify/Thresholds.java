package org.carerelay.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.catalogue.Urgency;

/**
 * Which items are due for which stage now: for every agency and stage that has contacts, and every urgency with a rule
 * (the agency's own, or the defaults), the latest arrival time that makes an unacknowledged item due. Pure, so the
 * threshold logic is tested without a database; {@link NoticeStore#createDue} applies the result in one statement.
 */
final class Thresholds {

    /** An agency's stored rule for an urgency. */
    record Key(long agencyId, Urgency urgency) {
    }

    private Thresholds() {
    }

    static List<NoticeStore.Cutoff> cutoffs(List<long[]> stagesWithContacts, Map<Key, UrgencyRule> stored, int defaultOnCallMinutes,
            int defaultLeadMinutes, Instant now) {
        List<NoticeStore.Cutoff> cutoffs = new ArrayList<>();
        for (long[] agencyStage : stagesWithContacts) {
            long agencyId = agencyStage[0];
            Stage stage = Stage.ofNumber((int) agencyStage[1]).orElseThrow();
            for (Urgency urgency : UrgencyRule.RULED) {
                UrgencyRule rule = stored.getOrDefault(new Key(agencyId, urgency),
                        UrgencyRule.defaults(urgency, defaultOnCallMinutes, defaultLeadMinutes));
                rule.cutoff(stage, now).ifPresent(c -> cutoffs.add(new NoticeStore.Cutoff(agencyId, urgency, stage, c)));
            }
        }
        return cutoffs;
    }
}
