package org.carerelay.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merkle tree hashing of RFC 6962 (section 2.1; RFC 9162 section 2.1): the tree head of a list of
 * leaf hashes, the audit path of one leaf, and the standalone check of an audit path. Leaf hashes
 * are already SHA-256(0x00 ‖ leaf); an inner node is SHA-256(0x01 ‖ left ‖ right); the split is at
 * the largest power of two smaller than the size.
 */
public final class MerkleTree {

    private static final byte[] NODE = {1};

    private MerkleTree() {
    }

    /** MTH(D[n]) over leaf hashes; the empty tree's head is SHA-256 of nothing. */
    public static byte[] root(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return AuditHashing.sha256();
        }
        return root(leafHashes, 0, leafHashes.size());
    }

    private static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return AuditHashing.sha256(NODE, root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** PATH(m, D[n]): the sibling hashes from leaf m up to the root. */
    public static List<byte[]> path(List<byte[]> leafHashes, int m) {
        if (m < 0 || m >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + m + " is outside a tree of " + leafHashes.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, m, 0, leafHashes.size(), path);
        return path;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** The root an audit path leads to from a leaf (RFC 9162 2.1.3.2), or null when the path does not fit the tree size. */
    public static byte[] rootFromPath(byte[] leafHash, long index, long size, List<byte[]> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = AuditHashing.sha256(NODE, p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = AuditHashing.sha256(NODE, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /** True when the audit path proves the leaf at {@code index} is in the tree of {@code size} leaves with this root. */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
        byte[] computed = rootFromPath(leafHash, index, size, path);
        return computed != null && Arrays.equals(computed, root);
    }

    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
