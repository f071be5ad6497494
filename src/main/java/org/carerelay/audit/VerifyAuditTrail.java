package org.carerelay.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit check on the command line ({@code deploy/local/verify-audit.sh}): the same verification
 * as the portal's page, run straight against the database, trusting only the public keys given
 * here. Exit 0: intact (and the proof verifies); 2: broken, or the proof does not verify; 1: the
 * check could not run.
 *
 * <pre>
 * --url JDBC-URL --user ROLE [--password P]   the database (the password may also come from PGPASSWORD)
 * --public-key KEY                             a trusted sealing public key (base64 or PEM, or @file); repeatable
 * --heads FILE                                 also compare the trail with heads exported earlier
 * --export FILE                                after an intact check, write the newest signed head to FILE
 * --proof ENTRY                                print the inclusion proof of an entry, checked
 * --check-proof FILE                           check a downloaded proof with the public key only (no database)
 * </pre>
 */
public final class VerifyAuditTrail {

    private VerifyAuditTrail() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (Exception e) {
            System.err.println("The audit check could not run: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            String value = args[++i];
            if (name.equals("public-key")) {
                keys.add(value.startsWith("@") ? Files.readString(Path.of(value.substring(1))) : value);
            } else {
                options.put(name, value);
            }
        }
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        for (String key : keys) {
            PublicKey p = SealKeys.publicKey(key);
            trusted.put(SealKeys.keyId(p), p);
        }
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("give the sealing public key with --public-key (verification never takes it from the database)");
        }
        if (options.containsKey("check-proof")) {
            return checkProof(InclusionProof.fromJson(Files.readString(Path.of(options.get("check-proof")))), trusted);
        }
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", required(options, "user"));
        String password = options.getOrDefault("password", System.getenv().getOrDefault("PGPASSWORD", ""));
        if (!password.isEmpty()) {
            login.setProperty("password", password); // otherwise the driver reads ~/.pgpass
        }
        try (Connection c = DriverManager.getConnection(required(options, "url"), login)) {
            if (options.containsKey("proof")) {
                InclusionProof proof = InclusionProof.build(c, Long.parseLong(options.get("proof")));
                if (proof == null) {
                    System.err.println("Entry " + options.get("proof") + " is not sealed (it does not exist, or waits for the sealer).");
                    return 2;
                }
                System.out.print(proof.toJson());
                return checkProof(proof, trusted);
            }
            SignedHeads exported = options.containsKey("heads") ? SignedHeads.read(Path.of(options.get("heads"))) : null;
            long started = System.nanoTime();
            AuditVerification result = new AuditVerifier(trusted, exported).verify(c);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!result.intact()) {
                System.err.printf("Audit trail BROKEN: %d problem(s) found in %d sealed entries and %d epochs (%.1f s):%n",
                        result.problemsFound(), result.rowsChecked(), result.epochsChecked(), seconds);
                result.problems().forEach(p -> System.err.println("  - " + p.describe()));
                if (result.problemsFound() > result.problems().size()) {
                    System.err.println("  (" + (result.problemsFound() - result.problems().size()) + " more not listed)");
                }
                return 2;
            }
            System.out.printf("Audit trail intact: %d sealed entries in %d epochs checked (%.1f s)%s.%n", result.rowsChecked(),
                    result.epochsChecked(), seconds, result.exportChecked() ? ", matching the exported heads up to epoch "
                            + result.exportLastEpoch() : "");
            if (options.containsKey("export")) {
                SignedHeads heads = SignedHeads.load(c, 0, trusted, Instant.now().toString());
                heads.write(Path.of(options.get("export")));
                System.out.println("Newest signed head (epoch " + (heads.newest() == null ? "none" : heads.newest().epoch()) + ") written to "
                        + options.get("export") + ": keep it off this machine.");
            }
            return 0;
        }
    }

    private static int checkProof(InclusionProof proof, Map<String, PublicKey> trusted) {
        PublicKey key = trusted.get(proof.keyId());
        List<String> failures = key == null ? List.of("it is signed with key " + proof.keyId() + ", which is not a trusted key")
                : proof.check(key);
        if (failures.isEmpty()) {
            System.err.println("Proof verified: entry " + proof.entryId() + " is seal " + proof.sealSeq() + " of epoch " + proof.epoch()
                    + ", signed with key " + proof.keyId() + ".");
            return 0;
        }
        System.err.println("Proof does NOT verify for entry " + proof.entryId() + ":");
        failures.forEach(f -> System.err.println("  - " + f));
        return 2;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
