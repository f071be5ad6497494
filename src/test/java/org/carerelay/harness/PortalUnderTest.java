package org.carerelay.harness;

import io.restassured.RestAssured;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The setup every integration test of the packaged portal shares, as one JUnit extension:
 * {@code @ExtendWith(PortalUnderTest.class)} beside {@code @QuarkusIntegrationTest}.
 * <ul>
 * <li>RestAssured points at the portal under test ({@link Browser#PORTAL_PORT}) before the class's own
 * {@code @BeforeAll} runs: Quarkus points it at the app only before each test, so setup code that posts
 * partner events would otherwise reach port 8080.</li>
 * <li>One real Chromium ({@link Browser}: Debian's, never downloaded; real Keycloak logins through
 * {@link Browser#loginAs}) for all the class's tests: set into each {@code static Browser} field of the
 * class before its {@code @BeforeAll} runs, and given to any method parameter of type {@link Browser}.
 * It is launched only when the class asks for it, and closed after the class's {@code @AfterAll}
 * methods.</li>
 * </ul>
 */
public final class PortalUnderTest implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PortalUnderTest.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RestAssured.port = Browser.PORTAL_PORT;
        List<Field> fields = browserFields(context.getRequiredTestClass());
        if (fields.isEmpty()) {
            return;
        }
        Browser browser = browser(context);
        for (Field field : fields) {
            field.setAccessible(true);
            field.set(null, browser);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    /** The class's one browser, launched on first use; the class's context closes it (the store closes what it holds). */
    private static Browser browser(ExtensionContext context) {
        ExtensionContext forClass = context;
        while (forClass.getTestMethod().isPresent() && forClass.getParent().isPresent()) {
            forClass = forClass.getParent().get();
        }
        return forClass.getStore(NAMESPACE).computeIfAbsent(Browser.class, key -> new Browser(), Browser.class);
    }

    private static List<Field> browserFields(Class<?> testClass) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() == Browser.class && Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }
}
