package org.carerelay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks signature, against the specification's published example and through rotation. */
class WebhookSignerTest {

    /** The example of the Standard Webhooks specification (and of the reference libraries' tests). */
    @Test
    void signsTheSpecificationsExampleAsPublished() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        long timestamp = 1614265330;
        String body = "{\"test\": 2432232314}";
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.signature(List.of(secret), id, timestamp, body));
        assertTrue(WebhookSigner.verify(secret, id, timestamp, body, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    @Test
    void anyChangeToIdTimestampOrBodyBreaksTheSignature() {
        String secret = WebhookSigner.newSecret();
        String header = WebhookSigner.signature(List.of(secret), "msg_1", 100, "{}");
        assertTrue(WebhookSigner.verify(secret, "msg_1", 100, "{}", header));
        assertFalse(WebhookSigner.verify(secret, "msg_2", 100, "{}", header));
        assertFalse(WebhookSigner.verify(secret, "msg_1", 101, "{}", header));
        assertFalse(WebhookSigner.verify(secret, "msg_1", 100, "{ }", header));
        assertFalse(WebhookSigner.verify(WebhookSigner.newSecret(), "msg_1", 100, "{}", header));
        assertFalse(WebhookSigner.verify(secret, "msg_1", 100, "{}", "v1,not-base64!"));
    }

    @Test
    void duringARotationBothSecretsSignSpaceSeparated() {
        String current = WebhookSigner.newSecret();
        String previous = WebhookSigner.newSecret();
        String header = WebhookSigner.signature(List.of(current, previous), "msg_1", 100, "{\"a\":1}");
        assertEquals(2, header.split(" ").length, header);
        assertTrue(WebhookSigner.verify(current, "msg_1", 100, "{\"a\":1}", header), "a receiver with the new secret");
        assertTrue(WebhookSigner.verify(previous, "msg_1", 100, "{\"a\":1}", header), "a receiver still on the old secret");
    }

    @Test
    void aNewSecretIsWhsecAndAtLeast24RandomBytes() {
        String a = WebhookSigner.newSecret();
        assertTrue(a.startsWith("whsec_"), a);
        assertTrue(Base64.getDecoder().decode(a.substring(6)).length >= 24, a);
        assertNotEquals(a, WebhookSigner.newSecret());
    }

    @Test
    void secretsAreEncryptedAtRestAndAChangedRowDoesNotDecrypt() {
        SecretBox box = new SecretBox("k".repeat(40));
        String secret = WebhookSigner.newSecret();
        byte[] sealed = box.seal(secret);
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret.substring(6, 20)));
        assertEquals(secret, box.open(sealed));
        assertNotEquals(java.util.Arrays.toString(sealed), java.util.Arrays.toString(box.seal(secret)), "a fresh nonce each time");
        sealed[sealed.length - 1] ^= 1;
        byte[] tampered = sealed;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> box.open(tampered));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new SecretBox("x".repeat(40)).open(box.seal(secret)));
    }
}
