package org.carerelay.audit;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.smallrye.config.ConfigMapping;

/**
 * The Ed25519 key that signs epoch heads ({@code CARERELAY_AUDIT_SEAL_KEY}; required in production,
 * a documented demo key in dev and test), and the public keys verification trusts: this key's and
 * those of earlier keys after a rotation ({@code CARERELAY_AUDIT_PREVIOUS_PUBLIC_KEYS}). The database
 * never holds the private key, so its owner cannot sign a rewritten trail. Checked at start: a bad
 * key stops the start with a message naming the variable.
 */
@Startup
@ApplicationScoped
public class SealKey {

    /** {@code carerelay.audit.seal.*}: a mapping, so that a missing key stops the start naming CARERELAY_AUDIT_SEAL_KEY. */
    @ConfigMapping(prefix = "carerelay.audit.seal")
    public interface Config {
        String key();

        Optional<List<String>> previousPublicKeys();
    }

    @Inject
    Config config;

    private KeyPair pair;
    private Map<String, PublicKey> trusted;

    @PostConstruct
    void load() {
        pair = SealKeys.fromPrivate(config.key());
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(SealKeys.keyId(pair.getPublic()), pair.getPublic());
        for (String key : config.previousPublicKeys().orElse(List.of())) {
            if (!key.isBlank()) {
                PublicKey p;
                try {
                    p = SealKeys.publicKey(key);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("CARERELAY_AUDIT_PREVIOUS_PUBLIC_KEYS: " + e.getMessage(), e);
                }
                keys.put(SealKeys.keyId(p), p);
            }
        }
        trusted = Collections.unmodifiableMap(keys);
    }

    public KeyPair pair() {
        return pair;
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    public String keyId() {
        return SealKeys.keyId(pair.getPublic());
    }

    /** Key id to public key: the current key and the previous ones. */
    public Map<String, PublicKey> trusted() {
        return trusted;
    }
}
