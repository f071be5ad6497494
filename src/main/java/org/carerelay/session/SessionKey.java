package org.carerelay.session;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Size;

/**
 * The key that encrypts the portal's session cookie and sign-in state ({@code CARERELAY_SESSION_KEY}):
 * one dedicated key for every instance. Quarkus would otherwise derive it from the client secret (or
 * make a random one per instance when that is short); a key under 32 characters stops the start.
 */
@ConfigMapping(prefix = "carerelay.session")
public interface SessionKey {

    @Size(min = 32, message = "must be at least 32 characters long: set CARERELAY_SESSION_KEY to a random value of 32 or more characters"
            + " (for example: openssl rand -base64 48)")
    String key();
}
