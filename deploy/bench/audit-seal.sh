#!/usr/bin/env bash
# The audit sealer's benchmark (issue #18): on its own database (default carerelay_bench_audit, created when
# missing, migrated, its audit tables emptied), the sealer's lag under load (commit to sealed, p99) and the time to
# seal and verify a generated trail, with the county trail's verification time extrapolated from it. Needs only
# PostgreSQL (no Keycloak, no portal). Writes the "Audit sealing" section of docs/benchmarks.md. About 5-15 minutes
# for the default million entries on 2 cores.
#
# Usage: deploy/bench/audit-seal.sh [--db NAME] [--rows 1000000] [--writers 16] [--rate 200] [--seconds 60]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BENCH_DB=carerelay_bench_audit
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--db" ] && BENCH_DB="${args[$((i + 1))]}"
done
printf '%s\n' "${args[@]}" | grep -qx -- '--db' || args+=(--db "$BENCH_DB")

if [ "${BENCH_SKIP_BUILD:-}" = "1" ] && [ -d "$BUILD/target/test-classes" ]; then
  say "Reusing the build in .cache/bench/build (BENCH_SKIP_BUILD=1)"
else
  say "Building (isolated copy in .cache/bench/build)"
  sync_sources
  bench_mvn -DskipTests package
fi

say "Database $BENCH_DB"
ensure_database "$BENCH_DB"

say "Audit sealing benchmark"
bench_mvn -Pbench exec:exec -Dbench.jvm="-Xmx2g" -Dbench.main=org.carerelay.bench.AuditSealBench \
  -Dbench.args="${args[*]} --out $ROOT/docs/benchmarks.md"
