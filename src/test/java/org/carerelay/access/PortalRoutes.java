package org.carerelay.access;

import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Every route of the application ("METHOD /path/{param}"), read from the compiled resource classes in
 * target/classes: the JAX-RS {@code @Path} of each class and method and its HTTP method annotation.
 * The public OpenAPI document describes the partner API only, so the access matrix cannot take the
 * portal's routes from there. Operations hidden from OpenAPI (test support, benchmark builds) are left out.
 */
final class PortalRoutes {

    private PortalRoutes() {
    }

    static List<String> all() throws IOException {
        Path classes = Path.of("target", "classes");
        TreeSet<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                if (!name.startsWith("org.carerelay.")) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(name, false, PortalRoutes.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = httpMethod(method);
                    Operation operation = method.getAnnotation(Operation.class);
                    if (verb == null || (operation != null && operation.hidden())) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    routes.add(verb + " " + normalize(base.value() + "/" + (sub == null ? "" : sub.value())));
                }
            }
        }
        return List.copyOf(routes);
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** "/clients/{id: \\d+}/" → "/clients/{id}", as OpenAPI writes a path. */
    static String normalize(String path) {
        String plain = path.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        if (!plain.startsWith("/")) {
            plain = "/" + plain;
        }
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }
}
