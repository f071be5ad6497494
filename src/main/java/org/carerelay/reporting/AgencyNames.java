package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.carerelay.agencies.AgencyDirectory;

/** Agency names as the report tables label their rows (from the in-memory directory). */
@ApplicationScoped
public class AgencyNames {

    @Inject
    AgencyDirectory agencies;

    /** The agency's name; id 0 is the rollups' "no agency" (a system or anonymous request). */
    String name(long agencyId) {
        return agencyId == 0 ? "No agency" : agencies.find(agencyId).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + agencyId);
    }

    /** The ids in the order of their agencies' names. */
    List<Long> sortedByName(Collection<Long> agencyIds) {
        return agencyIds.stream().sorted(Comparator.comparing(this::name)).toList();
    }
}
