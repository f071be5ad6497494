package org.carerelay.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiver's check exactly as docs/partner-api.md ("Verifying a webhook", Java) prints it: the tests verify
 * every webhook they receive with this code, not with the portal's own signer.
 */
final class DocumentedReceiver {

    private DocumentedReceiver() {
    }

    // ---- begin: docs/partner-api.md
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** True when the webhook is CareRelay's and fresh; refuse it (HTTP 400/401) otherwise. */
    static boolean verify(String secret, String id, String timestamp, String signatureHeader, String body, Instant now)
            throws Exception {
        if (id == null || timestamp == null || signatureHeader == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
            return false; // stale or from the future: a replay
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String signature : signatureHeader.split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }
    // ---- end: docs/partner-api.md
}
