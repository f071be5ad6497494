package org.carerelay.privacy;

import java.time.ZoneId;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.web.ProblemException;

/** What every privacy page needs: the officer's agency (from the token) and agency names. */
final class Officers {

    /** The network's local time zone: date filters are whole local days (as TemplateFormats shows times). */
    static final ZoneId ZONE = org.carerelay.clock.NetworkTimeZone.zone();

    private Officers() {
    }

    /** The signed-in officer's agency id; 403 when the token names no agency the network knows. */
    static long agencyId(CurrentUser user) {
        return user.requireAgencyId();
    }

    static String agencyName(AgencyDirectory agencies, Long id) {
        if (id == null) {
            return "";
        }
        return agencies.find(id).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + id);
    }

    /** A client id from a path or form; 404 (not a 500) for anything but a positive number. */
    static long clientId(String raw) {
        try {
            long id = Long.parseLong(raw == null ? "" : raw.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.notFound("There is no client " + raw + ".");
    }
}
