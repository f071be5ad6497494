package org.carerelay.session;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * POST /logout, from the "Sign out" button in the page header (a form with the CSRF token, so no other
 * site can sign a person out). A GET /logout answers 405 and signs no one out.
 */
@Path("/logout")
public class SignOutResource {

    @Inject
    SignOut signOut;

    @POST
    public Response signOut(@Context UriInfo uri) {
        return Response.seeOther(signOut.signOut(uri.getBaseUri())).build();
    }
}
