package org.carerelay.fhir;

import jakarta.inject.Inject;
import org.carerelay.partnerapi.PartnerCaller;

/** A FHIR resource class: the partner system calling, whose agency comes from its token. */
public abstract class PartnerResource {

    @Inject
    protected PartnerCaller caller;

    /** The caller's agency (from the token). */
    protected long agencyId() {
        return caller.agency().id();
    }
}
