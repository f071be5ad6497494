package org.carerelay.worklist;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import org.carerelay.access.CurrentUser;
import org.carerelay.fanout.Announcement;
import org.carerelay.fanout.FanOut;

/**
 * Server-sent events for an open worklist, fed by the PostgreSQL fan-out (so a change made on any
 * app instance arrives on every instance). "created" lets the page say "N new" without moving
 * rows; "changed-{id}" refreshes that one row in place. Changes the viewer made themselves are not
 * echoed back. The htmx SSE extension reconnects after a dropped connection.
 */
@Path("/worklist/stream")
@RolesAllowed("frontline")
public class WorklistStream {

    @Inject
    FanOut fanOut;

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        long agencyId = user.requireAgencyId();
        String me = user.getUsername();
        Multi<OutboundSseEvent> changes = Multi.createFrom().emitter(emitter -> {
            Runnable unsubscribe = fanOut.subscribe(a -> {
                if (a.recipientAgencyId() != agencyId) {
                    return;
                }
                if (Announcement.DELIVERY_CREATED.equals(a.kind())) {
                    emitter.emit(sse.newEventBuilder().name("created").data(String.valueOf(a.deliveryId())).build());
                } else if (!me.equals(a.actor())) {
                    emitter.emit(sse.newEventBuilder().name("changed-" + a.deliveryId()).data(String.valueOf(a.deliveryId())).build());
                }
            });
            emitter.onTermination(unsubscribe);
        });
        // A first comment at once sends the response headers (the browser knows it is connected), then one
        // every 20 s keeps proxies from closing an idle stream.
        Multi<OutboundSseEvent> keepAlive = Multi.createBy().concatenating().streams(
                Multi.createFrom().item(sse.newEventBuilder().comment("connected").build()),
                Multi.createFrom().ticks().every(Duration.ofSeconds(20)).map(tick -> sse.newEventBuilder().comment("keep-alive").build()));
        return Multi.createBy().merging().streams(changes, keepAlive);
    }
}
