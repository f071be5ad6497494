package org.carerelay.audit;

import java.util.List;

/**
 * The result of verifying the sealed audit trail ({@link AuditVerifier}): how much was checked, the
 * newest epoch, and every problem found (the first {@value AuditVerifier#MAX_PROBLEMS} of them), each
 * naming the epoch, seal number and entry it concerns and what is wrong.
 */
public record AuditVerification(long rowsChecked, long epochsChecked, Epoch lastEpoch, Long exportLastEpoch, List<Problem> problems,
        long problemsFound) {

    /** What is wrong: changed, removed, reordered, missing-seal, unsealed-in-range, epoch, signature, export. */
    public record Problem(String kind, Long epoch, Long sealSeq, Long entryId, String text) {
        public String describe() {
            StringBuilder b = new StringBuilder();
            if (entryId != null) {
                b.append("entry ").append(entryId);
                if (sealSeq != null) {
                    b.append(" (seal ").append(sealSeq).append(epoch != null ? ", epoch " + epoch : "").append(')');
                }
            } else if (epoch != null) {
                b.append("epoch ").append(epoch);
            } else if (sealSeq != null) {
                b.append("seal ").append(sealSeq);
            }
            return (b.length() > 0 ? b + ": " : "") + text;
        }
    }

    /** One sealed epoch as stored. */
    public record Epoch(long number, long firstSeq, long lastSeq, long count, String root, String prevHead, String head, String keyId,
            String signature, java.time.Instant sealedAt) {
    }

    public boolean intact() {
        return problems.isEmpty();
    }

    /** True when the trail was also compared with exported heads. */
    public boolean exportChecked() {
        return exportLastEpoch != null;
    }

    /** The first entry a problem names (null when intact, or when only epochs are named: use {@link #intact()}). */
    public Long firstBrokenId() {
        return problems.stream().map(Problem::entryId).filter(id -> id != null).findFirst().orElse(null);
    }

    /** The first problem in words, or null when intact. */
    public String problem() {
        return problems.isEmpty() ? null : problems.get(0).describe();
    }

    public String summary() {
        if (intact()) {
            return "intact: " + rowsChecked + " sealed entries in " + epochsChecked + " epochs"
                    + (exportChecked() ? ", matching the exported heads up to epoch " + exportLastEpoch : "");
        }
        return "BROKEN (" + problemsFound + " problem" + (problemsFound == 1 ? "" : "s") + "): " + problem();
    }
}
