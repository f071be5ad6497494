package org.carerelay.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The one-time links of notices: 32 random bytes, URL-safe; the database keeps only their SHA-256, so a copy of the
 * database opens nothing. A link never carries a session: it leads to the sign-in, and works only after it.
 */
final class NoticeLinks {

    static final String PATH = "/urgent/link/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private NoticeLinks() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token; empty for text that cannot be a token (so it is never looked up). */
    static Optional<byte[]> hash(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
