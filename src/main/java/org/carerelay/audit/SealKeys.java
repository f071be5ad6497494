package org.carerelay.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys for sealing (plain Java, used by the application and the command line). The
 * private key is the configured {@code CARERELAY_AUDIT_SEAL_KEY}: base64 of a 32-byte seed or of a
 * PKCS#8 key ({@code openssl genpkey -algorithm ed25519 -outform DER | base64 -w0}), or that key
 * in PEM. Public keys are X.509 SubjectPublicKeyInfo (base64 DER or PEM, as {@code openssl pkey
 * -pubout} writes them) or the raw 32 bytes in base64. A key id is the first 16 hex digits of the
 * SHA-256 of the public key's DER form.
 */
public final class SealKeys {

    /** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    /** X.509 SubjectPublicKeyInfo DER of an Ed25519 public key is this prefix and the 32-byte key. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private SealKeys() {
    }

    /** The key pair of a configured private key; the message says what is wrong with a bad one (never the key itself). */
    public static KeyPair fromPrivate(String configured) {
        byte[] der = decode(configured, "PRIVATE KEY");
        byte[] seed;
        if (der != null && der.length == 32) {
            seed = der;
        } else if (der != null && der.length == 48 && Arrays.equals(Arrays.copyOf(der, 16), PKCS8_PREFIX)) {
            seed = Arrays.copyOfRange(der, 16, 48);
        } else {
            throw new IllegalArgumentException("the audit seal key (CARERELAY_AUDIT_SEAL_KEY) is not an Ed25519 private key: expected base64"
                    + " of a 32-byte seed or of a PKCS#8 Ed25519 key (openssl genpkey -algorithm ed25519 -outform DER | base64 -w0)");
        }
        try {
            // The JDK derives the public key while generating a pair from 32 random bytes: hand it the seed as those bytes.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    public static PublicKey publicKey(String configured) {
        byte[] der = decode(configured, "PUBLIC KEY");
        if (der != null && der.length == 32) {
            byte[] spki = Arrays.copyOf(SPKI_PREFIX, 44);
            System.arraycopy(der, 0, spki, 12, 32);
            der = spki;
        }
        if (der == null || der.length != 44 || !Arrays.equals(Arrays.copyOf(der, 12), SPKI_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key: expected base64 of its X.509 form (openssl pkey -pubout) or of"
                    + " its 32 bytes");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static String publicKeyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + publicKeyBase64(key) + "\n-----END PUBLIC KEY-----\n";
    }

    public static String keyId(PublicKey key) {
        return AuditHashing.hex(AuditHashing.sha256(key.getEncoded())).substring(0, 16);
    }

    /** Base64 Ed25519 signature of the epoch's head message. */
    public static String sign(PrivateKey key, long epoch, String head) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(AuditHashing.signedMessage(epoch, head));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the audit head failed", e);
        }
    }

    public static boolean verify(PublicKey key, long epoch, String head, String signature) {
        if (signature == null || head == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(AuditHashing.signedMessage(epoch, head.strip()));
            return s.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decode(String configured, String pemLabel) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        String text = configured.replace("-----BEGIN " + pemLabel + "-----", "").replace("-----END " + pemLabel + "-----", "")
                .replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Hands out the seed as the generator's random bytes (deterministic key derivation; never used for anything else). */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
