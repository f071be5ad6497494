package org.carerelay.partnerapi;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.deliveries.DeliveryService;
import org.carerelay.events.EventIngest;
import org.carerelay.web.ProblemException;

/** The partner system behind an API request: its agency comes from the token, never from the body. */
@RequestScoped
public class PartnerCaller {

    @Inject
    CurrentUser user;

    public AgencyRef agency() {
        return user.requireAgency();
    }

    public String name() {
        return user.getUsername();
    }

    public EventIngest.Submitter submitter() {
        return new EventIngest.Submitter(name(), agency().id());
    }

    public DeliveryService.Actor actor() {
        return new DeliveryService.Actor(name(), agency().id(), false);
    }
}
