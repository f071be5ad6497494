package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The sealing key: openssl's Ed25519 keys are read as openssl reads them, and heads verify with the public half only. */
class SealKeysTest {

    /** The published demo key of the dev and test profiles and the public key openssl derives from it. */
    static final String DEMO_PRIVATE = "MC4CAQAwBQYDK2VwBCIEIAcylyBVwLVMLiGGLkjAKfW4wOWjoG2CBuw3kGG91uCI";
    static final String DEMO_PUBLIC = "MCowBQYDK2VwAyEAJyoh18HjBEbk3FfSK95XCIs8NJfnEdqc21rxSF5JCv8=";

    @Test
    void theDerivedPublicKeyIsTheOneOpensslDerives() {
        KeyPair pair = SealKeys.fromPrivate(DEMO_PRIVATE);
        assertEquals(DEMO_PUBLIC, SealKeys.publicKeyBase64(pair.getPublic()));
        byte[] seed = java.util.Arrays.copyOfRange(Base64.getDecoder().decode(DEMO_PRIVATE), 16, 48);
        assertEquals(DEMO_PUBLIC, SealKeys.publicKeyBase64(SealKeys.fromPrivate(Base64.getEncoder().encodeToString(seed)).getPublic()),
                "a bare 32-byte seed is the same key");
        assertEquals(SealKeys.keyId(pair.getPublic()), SealKeys.keyId(SealKeys.publicKey(SealKeys.publicKeyPem(pair.getPublic()))),
                "the PEM form reads back");
    }

    @Test
    void aHeadSignedWithTheKeyVerifiesWithThePublicKeyAndNoOtherHeadOrKeyDoes() throws Exception {
        KeyPair pair = SealKeys.fromPrivate(DEMO_PRIVATE);
        String head = "ab".repeat(32);
        String signature = SealKeys.sign(pair.getPrivate(), 7, head);
        assertTrue(SealKeys.verify(SealKeys.publicKey(DEMO_PUBLIC), 7, head, signature));
        assertFalse(SealKeys.verify(pair.getPublic(), 8, head, signature), "another epoch number");
        assertFalse(SealKeys.verify(pair.getPublic(), 7, "cd".repeat(32), signature), "another head");
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertFalse(SealKeys.verify(other.getPublic(), 7, head, signature), "another key");
        assertFalse(SealKeys.verify(pair.getPublic(), 7, head, "not a signature"), "garbage");
    }

    @Test
    void aBadKeyIsRefusedWithAMessageNamingTheVariableButNotTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SealKeys.fromPrivate("c2VjcmV0LXNob3J0"));
        assertTrue(e.getMessage().contains("CARERELAY_AUDIT_SEAL_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0LXNob3J0"), "the message never repeats the key");
        assertThrows(IllegalArgumentException.class, () -> SealKeys.publicKey("bm90IGEga2V5"));
    }
}
