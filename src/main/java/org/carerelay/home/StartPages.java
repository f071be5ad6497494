package org.carerelay.home;

import java.util.List;
import java.util.Optional;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Role;

/** Where each role starts its day, and what the home page tells each role to do first. */
public final class StartPages {

    public record Start(String title, String description) {
    }

    /** A role's page: where it lands after sign-in (unless also frontline; null: the home page) and its line there. */
    private record RolePage(Role role, String landingPath, Start start) {
    }

    /** In the order the home page lists them; the first match without frontline picks the landing page. */
    private static final List<RolePage> PAGES = List.of(
            new RolePage(Role.FRONTLINE, null, new Start("Your agency's worklist",
                    "handovers and shared events your team must act on, most urgent first")),
            new RolePage(Role.TEAM_LEAD, null, new Start("Team overview", "overdue and escalated items, and who owns what")),
            new RolePage(Role.AGENCY_ADMIN, "/admin/users",
                    new Start("Agency users", "add, disable and grant roles to your agency's staff")),
            new RolePage(Role.PRIVACY_OFFICER, "/privacy", new Start("Access log and break-glass reviews",
                    "who viewed your agency's client records, and emergency access to review")),
            new RolePage(Role.COMMISSIONER, "/reports",
                    new Start("Commissioner reports", "whether shared information is acted on in time")),
            new RolePage(Role.IDENTITY_STEWARD, "/identity/exceptions", new Start("Identity exceptions",
                    "records that may be a person already known on the network: same person, or different people")));

    /** Landing pages in order of precedence when someone holds several of these roles. */
    private static final List<Role> LANDING_ORDER = List.of(Role.COMMISSIONER, Role.AGENCY_ADMIN, Role.PRIVACY_OFFICER,
            Role.IDENTITY_STEWARD);

    private StartPages() {
    }

    /** The page a role lands on after sign-in instead of the home page, if any. */
    public static Optional<String> landingPath(CurrentUser user) {
        if (user.has(Role.FRONTLINE)) {
            return Optional.empty();
        }
        return LANDING_ORDER.stream().filter(user::has).findFirst()
                .flatMap(role -> PAGES.stream().filter(p -> p.role() == role).findFirst()).map(RolePage::landingPath);
    }

    public static List<Start> startsFor(CurrentUser user) {
        return PAGES.stream().filter(p -> user.has(p.role())).map(RolePage::start).toList();
    }
}
