package org.carerelay.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.Set;
import org.carerelay.web.PublicUrl;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The SSRF guard as configured: http allowed or not, the portal's own address and ports. */
@ApplicationScoped
public class PushSetup {

    @Produces
    @Singleton
    EndpointGuard guard(WebhookConfig config, PublicUrl publicUrl, @ConfigProperty(name = "quarkus.http.port") int httpPort,
            @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000") int managementPort) {
        return new EndpointGuard(config.allowHttp(), publicUrl.origin(), new java.util.HashSet<>(java.util.List.of(httpPort, managementPort)), InetAddress::getAllByName);
    }
}
