package org.carerelay.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), where
 * the key is the base64 part of the {@code whsec_} secret, decoded. Several secrets (during a rotation) give
 * several signatures, space-separated; a receiver accepts the message when any of them matches.
 */
public final class WebhookSigner {

    public static final String PREFIX = "whsec_";
    static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new secret: {@code whsec_} + 32 random bytes, base64. */
    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The {@code webhook-signature} header value: one {@code v1,...} per secret, space-separated. */
    public static String signature(List<String> secrets, String id, long timestamp, String body) {
        List<String> parts = new ArrayList<>();
        for (String secret : secrets) {
            parts.add("v1," + Base64.getEncoder().encodeToString(hmac(secret, id + "." + timestamp + "." + body)));
        }
        return String.join(" ", parts);
    }

    /** Whether any {@code v1} signature in the header matches the secret (constant-time comparison). */
    public static boolean verify(String secret, String id, long timestamp, String body, String header) {
        byte[] expected = hmac(secret, id + "." + timestamp + "." + body);
        for (String part : header.trim().split(" +")) {
            if (part.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: not a match
                }
            }
        }
        return false;
    }

    static byte[] hmac(String secret, String content) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
