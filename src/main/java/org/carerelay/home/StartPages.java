package org.carerelay.home;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Role;

/** Where each role starts its day, and what the home page tells each role to do first. */
public final class StartPages {

    public record Start(String title, String description) {
    }

    private StartPages() {
    }

    /** The page a role lands on after sign-in instead of the home page, if any. */
    public static Optional<String> landingPath(CurrentUser user) {
        if (user.has(Role.COMMISSIONER) && !user.has(Role.FRONTLINE)) {
            return Optional.of("/reports");
        }
        if (user.has(Role.AGENCY_ADMIN) && !user.has(Role.FRONTLINE)) {
            return Optional.of("/admin/users");
        }
        if (user.has(Role.PRIVACY_OFFICER) && !user.has(Role.FRONTLINE)) {
            return Optional.of("/privacy");
        }
        if (user.has(Role.IDENTITY_STEWARD) && !user.has(Role.FRONTLINE)) {
            return Optional.of("/identity/exceptions");
        }
        return Optional.empty();
    }

    public static List<Start> startsFor(CurrentUser user) {
        List<Start> starts = new ArrayList<>();
        if (user.has(Role.FRONTLINE)) {
            starts.add(new Start("Your agency's worklist",
                    "handovers and shared events your team must act on, most urgent first"));
        }
        if (user.has(Role.TEAM_LEAD)) {
            starts.add(new Start("Team overview", "overdue and escalated items, and who owns what"));
        }
        if (user.has(Role.AGENCY_ADMIN)) {
            starts.add(new Start("Agency users", "add, disable and grant roles to your agency's staff"));
        }
        if (user.has(Role.PRIVACY_OFFICER)) {
            starts.add(new Start("Access log and break-glass reviews",
                    "who viewed your agency's client records, and emergency access to review"));
        }
        if (user.has(Role.COMMISSIONER)) {
            starts.add(new Start("Commissioner reports", "whether shared information is acted on in time"));
        }
        if (user.has(Role.IDENTITY_STEWARD)) {
            starts.add(new Start("Identity exceptions", "records that may be a person already known on the network: same person, or different people"));
        }
        return starts;
    }
}
