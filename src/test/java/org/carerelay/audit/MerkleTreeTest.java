package org.carerelay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6962 tree heads and audit paths, against the published test vectors of Certificate Transparency. */
class MerkleTreeTest {

    /** The eight leaves of the RFC 6962 reference tests (certificate-transparency merkle_tree_test). */
    static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");
    static final List<String> ROOTS = List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static List<byte[]> leafHashes(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(AuditHashing.sha256(new byte[] {0}, HexFormat.of().parseHex(LEAVES.get(i % LEAVES.size()) + (i >= 8 ? String.format("ff%02x", i) : ""))));
        }
        return leaves;
    }

    @Test
    void treeHeadsMatchTheReferenceVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditHashing.hex(MerkleTree.root(List.of())));
        for (int n = 1; n <= 8; n++) {
            assertEquals(ROOTS.get(n - 1), AuditHashing.hex(MerkleTree.root(leafHashes(n))), "tree of " + n + " leaves");
        }
    }

    @Test
    void everyAuditPathLeadsToTheRootAndNothingElseDoes() {
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = leafHashes(n);
            byte[] root = MerkleTree.root(leaves);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleTree.path(leaves, m);
                assertTrue(MerkleTree.verifyInclusion(leaves.get(m), m, n, path, root), "leaf " + m + " of " + n);
                byte[] other = leaves.get((m + 1) % n);
                if (n > 1) {
                    assertFalse(MerkleTree.verifyInclusion(other, m, n, path, root), "another leaf at " + m + " of " + n);
                    assertFalse(MerkleTree.verifyInclusion(leaves.get(m), (m + 1) % n, n, path, root), "leaf " + m + " claimed elsewhere");
                }
                // (The tree size is bound by the epoch head, which covers the count: see the head test below.)
                assertFalse(MerkleTree.verifyInclusion(leaves.get(m), m, n, path, AuditHashing.sha256(root)), "another root");
            }
        }
    }

    @Test
    void anEpochHeadCoversThePreviousHeadTheRootTheCountAndTheRange() {
        String root = AuditHashing.hex(MerkleTree.root(leafHashes(5)));
        String head = AuditHashing.head(AuditHashing.GENESIS_HEAD, root, 5, 1, 5);
        assertEquals(64, head.length());
        assertFalse(head.equals(AuditHashing.head(AuditHashing.GENESIS_HEAD, root, 5, 2, 6)), "the range counts");
        assertFalse(head.equals(AuditHashing.head(AuditHashing.GENESIS_HEAD, root, 4, 1, 5)), "the count counts");
        assertFalse(head.equals(AuditHashing.head(head, root, 5, 1, 5)), "the previous head counts");
    }
}
