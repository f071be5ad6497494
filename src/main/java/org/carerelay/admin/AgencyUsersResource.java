package org.carerelay.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.access.Role;
import org.carerelay.admin.AdminNotices.Notice;
import org.carerelay.admin.AgencyUserAdmin.Outcome;
import org.carerelay.admin.AgencyUserAdmin.UserRow;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.jboss.logging.Logger;

/**
 * The agency admin's "Agency users" page: the agency's staff accounts in Keycloak, and forms to add
 * an account, disable or enable it, reset its password and grant or revoke Frontline staff and Team
 * lead. Every form posts, then redirects back here with a one-time notice.
 */
@Path("/admin/users")
@RolesAllowed("agency-admin")
public class AgencyUsersResource {

    private static final Logger LOG = Logger.getLogger(AgencyUsersResource.class);
    static final String PAGE = "/admin/users";

    @CheckedTemplate(basePath = "AgencyUsers")
    static class Templates {
        static native TemplateInstance index(List<UserRow> users, String loadError, Notice notice, NewUserForm form,
                Map<String, String> errors, List<Role> grantable);
    }

    @Inject
    AgencyUserAdmin agencyUsers;

    @Inject
    AdminNotices notices;

    @Inject
    CurrentUser admin;

    @Inject
    AuditLog audit;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("notice") String noticeKey) {
        Notice notice = notices.take(noticeKey, admin.getUsername()).orElse(null);
        return page(notice, NewUserForm.empty(), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response create(@FormParam("username") String username, @FormParam("firstName") String firstName,
            @FormParam("lastName") String lastName, @FormParam("email") String email) {
        NewUserForm form = NewUserForm.of(username, firstName, lastName, email);
        Map<String, String> problems = form.problems();
        if (!problems.isEmpty()) {
            Notice notice = new Notice("error", "The account was not created. Correct the fields marked below.", null, null);
            return Response.status(400).entity(page(notice, form, problems)).build();
        }
        try {
            return done(agencyUsers.create(form));
        } catch (KeycloakRefusal refusal) {
            LOG.infof("Keycloak refused to create %s for %s: %s", form.username(), admin.getUsername(), refusal.getMessage());
            Notice notice = new Notice("error", "The account was not created. " + refusal.explain(), null, null);
            return Response.status(refusal.status == 409 ? 409 : 400).entity(page(notice, form, Map.of())).build();
        }
    }

    @POST
    @Path("{id}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@PathParam("id") String id) {
        return change(id, () -> agencyUsers.setEnabled(id, false));
    }

    @POST
    @Path("{id}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") String id) {
        return change(id, () -> agencyUsers.setEnabled(id, true));
    }

    @POST
    @Path("{id}/reset-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resetPassword(@PathParam("id") String id) {
        return change(id, () -> agencyUsers.resetPassword(id));
    }

    @POST
    @Path("{id}/roles/{role}/grant")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response grant(@PathParam("id") String id, @PathParam("role") String role) {
        return change(id, () -> agencyUsers.grant(id, grantable(role)));
    }

    @POST
    @Path("{id}/roles/{role}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") String id, @PathParam("role") String role) {
        return change(id, () -> agencyUsers.revoke(id, grantable(role)));
    }

    private static Role grantable(String name) {
        return Role.fromKeycloak(name).filter(AgencyUserAdmin.GRANTABLE::contains)
                .orElseThrow(() -> new AgencyUserAdmin.AdminRefusal(
                        "Agency admins can grant only the roles Frontline staff and Team lead."));
    }

    /**
     * Runs one change on the account {@code userId} and redirects (303) back to the list with what
     * happened. When Keycloak refuses it (403: not a user of the admin's agency, or a role it may not
     * grant; 404: no such user), the attempt is also a denied audit entry naming the account tried.
     */
    private Response change(String userId, Supplier<Outcome> work) {
        try {
            return done(work.get());
        } catch (KeycloakRefusal refusal) {
            LOG.infof("Keycloak refused a change by %s: %s", admin.getUsername(), refusal.getMessage());
            if (refusal.status == 403 || refusal.status == 404) {
                audit.record(AuditRecord.denied("agency-user", userId, null, Purpose.ADMINISTRATION,
                        "Keycloak refused the change (" + refusal.status + "): " + (refusal.status == 404 ? "no such user"
                                : "not a user of the admin's agency, or a role the admin may not grant")));
            }
            return back(new Notice("error", refusal.explain(), null, null));
        } catch (AgencyUserAdmin.AdminRefusal refusal) {
            return back(new Notice("error", refusal.getMessage(), null, null));
        }
    }

    private Response done(Outcome outcome) {
        return back(new Notice("ok", outcome.message(), outcome.temporaryPassword(), outcome.username()));
    }

    private Response back(Notice notice) {
        String key = notices.put(admin.getUsername(), notice);
        return Response.seeOther(URI.create(PAGE + "?notice=" + key)).build();
    }

    private TemplateInstance page(Notice notice, NewUserForm form, Map<String, String> errors) {
        List<UserRow> users = List.of();
        String loadError = null;
        try {
            users = agencyUsers.rows();
        } catch (KeycloakRefusal refusal) {
            LOG.infof("Keycloak refused the user list to %s: %s", admin.getUsername(), refusal.getMessage());
            loadError = refusal.status == 403
                    ? "Keycloak refused to list your agency's accounts. Your account may not be set up as an agency"
                            + " administrator in Keycloak yet: ask the CareRelay realm administrator."
                    : refusal.explain();
        }
        return Templates.index(users, loadError, notice, form, errors, AgencyUserAdmin.GRANTABLE);
    }
}
