package org.carerelay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Agency users page's input rules, and where the Keycloak Admin API lives. */
class NewUserFormTest {

    @Test
    void aValidFormHasNoProblemsAndIsNormalised() {
        NewUserForm form = NewUserForm.of("  Casey.Nguyen ", " Casey ", "O'Neil-Smith", " Casey@Eastside.ORG ");
        assertEquals(Map.of(), form.problems());
        assertEquals("casey.nguyen", form.username());
        assertEquals("Casey", form.firstName());
        assertEquals("casey@eastside.org", form.email());
    }

    @Test
    void everyFieldIsRequired() {
        assertEquals(List.of("username", "firstName", "lastName", "email"),
                List.copyOf(NewUserForm.of(null, "", " ", null).problems().keySet()));
    }

    @Test
    void badUsernamesAreRefused() {
        for (String username : List.of("ab", "bad name", "name!", ".leading", "trailing-", "x".repeat(41), "émile")) {
            assertTrue(NewUserForm.of(username, "A", "B", "a@b.org").problems().containsKey("username"), username);
        }
        for (String username : List.of("abc", "jordan.reyes", "j_r-2", "x".repeat(40))) {
            assertTrue(NewUserForm.of(username, "A", "B", "a@b.org").problems().isEmpty(), username);
        }
    }

    @Test
    void badEmailsAndNamesAreRefused() {
        for (String email : List.of("not-an-email", "a@b", "a b@c.org", "a@-b.org", "<a>@b.org")) {
            assertTrue(NewUserForm.of("abc", "A", "B", email).problems().containsKey("email"), email);
        }
        assertTrue(NewUserForm.of("abc", "<script>", "B", "a@b.org").problems().containsKey("firstName"));
        assertTrue(NewUserForm.of("abc", "A", "x".repeat(101), "a@b.org").problems().containsKey("lastName"));
    }

    @Test
    void adminApiBaseIsDerivedFromTheIssuer() {
        assertEquals("http://localhost:8180/admin/realms/carerelay", KeycloakAdminClient.adminBase("http://localhost:8180/realms/carerelay"));
        assertEquals("https://id.example.org/auth/admin/realms/carerelay", KeycloakAdminClient.adminBase("https://id.example.org/auth/realms/carerelay/"));
    }

    @Test
    void temporaryPasswordsAreLongAndVaried() {
        String one = AgencyUserAdmin.temporaryPassword();
        assertTrue(one.matches("[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}"), one);
        assertTrue(!one.equals(AgencyUserAdmin.temporaryPassword()));
    }
}
