#!/usr/bin/env bash
# Verifies the sealed audit trail (docs/access-and-audit.md): every sealed entry against its hash and its
# epoch's Merkle root, every epoch against the signed head chain, and optionally against heads exported
# earlier. Runs the same Java code as the portal's /admin/audit-chain, straight against the database, trusting
# only the public key given here (never one from the database).
#
# Usage: deploy/local/verify-audit.sh [database] [--heads FILE] [--export FILE] [--proof ENTRY] [--check-proof FILE]
#   database            default carerelay
#   --heads FILE        also compare with heads exported earlier: a rewrite or a cut-off end is named
#   --export FILE       after an intact check, write the newest signed head to FILE (ship it off this machine)
#   --proof ENTRY       print the inclusion proof of one entry, checked
#   --check-proof FILE  check a downloaded proof with the public key alone (no database)
# Environment: CARERELAY_PG_HOST (127.0.0.1), CARERELAY_PG_PORT (5432), CARERELAY_PG_USER (carerelay), PGPASSWORD;
#   CARERELAY_AUDIT_SEAL_PUBLIC_KEY (base64 or PEM; default: the published demo key of the local stack),
#   CARERELAY_AUDIT_PREVIOUS_PUBLIC_KEYS (comma-separated, after a key rotation);
#   CARERELAY_APP_DIR (the packaged portal: .cache/portal from up.sh, else target/quarkus-app).
# Exit 0: intact (or the proof verifies); 2: broken (each problem named) or the proof does not verify; 1: could not run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEMO_PUBLIC_KEY="MCowBQYDK2VwAyEAJyoh18HjBEbk3FfSK95XCIs8NJfnEdqc21rxSF5JCv8="

DB=carerelay
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  DB="$1"; shift
fi

APP="${CARERELAY_APP_DIR:-}"
if [ -z "$APP" ]; then
  for candidate in "$ROOT/.cache/portal" "$ROOT/target/quarkus-app"; do
    [ -d "$candidate/lib/main" ] && { APP="$candidate"; break; }
  done
fi
[ -n "$APP" ] && [ -d "$APP/lib/main" ] || {
  echo "ERROR: no packaged portal found (run deploy/local/up.sh or mvn -DskipTests package, or set CARERELAY_APP_DIR)." >&2; exit 1; }
command -v java >/dev/null 2>&1 || { echo "ERROR: Java 17 or newer is needed." >&2; exit 1; }

PUBLIC_KEY="${CARERELAY_AUDIT_SEAL_PUBLIC_KEY:-}"
if [ -z "$PUBLIC_KEY" ]; then
  PUBLIC_KEY="$DEMO_PUBLIC_KEY"
  echo "Checking against the published demo sealing key (local stack only). Set CARERELAY_AUDIT_SEAL_PUBLIC_KEY elsewhere." >&2
fi
keys=(--public-key "$PUBLIC_KEY")
IFS=',' read -r -a previous <<< "${CARERELAY_AUDIT_PREVIOUS_PUBLIC_KEYS:-}"
for key in "${previous[@]}"; do
  [ -n "$key" ] && keys+=(--public-key "$key")
done

exec java -cp "$APP/app/*:$APP/lib/main/*" org.carerelay.audit.VerifyAuditTrail \
  --url "jdbc:postgresql://${CARERELAY_PG_HOST:-127.0.0.1}:${CARERELAY_PG_PORT:-5432}/$DB" \
  --user "${CARERELAY_PG_USER:-carerelay}" "${keys[@]}" "$@"
