#!/usr/bin/env bash
# Synthetic data at scale (issue #8): fills a bench database with a seeded, deterministic history of the
# demo network through PostgreSQL COPY, then refreshes the report rollups and verifies the audit chain.
#
# Usage: deploy/bench/generate.sh --preset ci|town|county [--db NAME] [--seed N] [--anchor 2026-11-25T12:00:00Z]
#                                 [--deliveries N] [--no-verify]
#   ci      ~6,500 events, 10,000 deliveries, 60 k audit rows, 21 days (seconds)
#   town    ~130,000 events, 200,000 deliveries, 1 M audit rows, 120 days (minutes)
#   county  ~1.3 M events, 2 M deliveries, 10 M audit rows, 365 days (the benchmark set): on 2 cores 11-29 min of COPY,
#           then 4-9 min of report_refresh and 2-3 min of audit_verify_chain()
#
# The database (default carerelay_bench) is created when missing, then migrated and given the demo network by
# starting the packaged app against it once (port 8088). Its exchange data is replaced; agencies, event types,
# agreements and staff stay. BENCH_SOURCE=worktree builds the working tree instead of HEAD.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--db" ] && BENCH_DB="${args[$((i + 1))]}"
done
printf '%s\n' "${args[@]}" | grep -qx -- '--preset' || args=(--preset ci "${args[@]}")
printf '%s\n' "${args[@]}" | grep -qx -- '--db' || args+=(--db "$BENCH_DB")

if [ "${BENCH_SKIP_BUILD:-}" = "1" ] && [ -f "$BUILD/target/quarkus-app/quarkus-run.jar" ]; then
  say "Reusing the build in .cache/bench/build (BENCH_SKIP_BUILD=1)"
else
  say "Building (isolated copy in .cache/bench/build)"
  sync_sources
  build_bench_jar
fi

say "Database $BENCH_DB"
ensure_database "$BENCH_DB"
# Always once: Flyway brings the schema up to the build's migrations and the demo network is (re)loaded.
port="${BENCH_PREPARE_PORT:-8088}"   # another free port when other work on the machine uses 8088
echo "Starting the app against it once (port $port, health on 1$port): migrations and the demo network"
(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && die "port $port is taken; stop what listens there (or set BENCH_PREPARE_PORT)"
(exec 3<>/dev/tcp/127.0.0.1/1$port) 2>/dev/null && die "port 1$port (its management interface) is taken; stop what listens there"
log="$BENCH_HOME/prepare.log"
(
  cd "$BUILD/target/quarkus-app"
  CARERELAY_HTTP_PORT=$port CARERELAY_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$BENCH_DB" \
  CARERELAY_DB_USER=carerelay_app CARERELAY_DB_PASSWORD=carerelay_app \
  CARERELAY_DB_OWNER_USER=carerelay CARERELAY_DB_OWNER_PASSWORD=carerelay \
  CARERELAY_OIDC_URL="${CARERELAY_OIDC_URL:-http://localhost:8180/realms/carerelay}" CARERELAY_OIDC_CLIENT_SECRET=demo-secret \
  CARERELAY_AUDIT_SEAL_KEY=MC4CAQAwBQYDK2VwBCIEIAcylyBVwLVMLiGGLkjAKfW4wOWjoG2CBuw3kGG91uCI \
  CARERELAY_DEMO_NETWORK=true CARERELAY_ESCALATION_EVERY=off CARERELAY_REPORTS_REFRESH_EVERY=24h \
  CARERELAY_SESSION_KEY=carerelay-demo-session-key-not-for-production CARERELAY_MANAGEMENT_PORT=1$port \
  CARERELAY_PUBLIC_URL=http://localhost:$port CARERELAY_CSRF_KEY=carerelay-development-csrf-key-not-secret \
  CARERELAY_WEBHOOK_KEY=carerelay-development-webhook-key-not-secret \
  exec java -jar quarkus-run.jar > "$log" 2>&1
) &
pid=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null http://127.0.0.1:1$port/q/health/ready 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log"; die "the app stopped during start (log: $log)"; }
  sleep 2
done
kill "$pid"; wait "$pid" 2>/dev/null || true
agencies=$(psql_owner "$BENCH_DB" -tAc "SELECT count(*) FROM agency")
[ "$agencies" -ge 6 ] || die "the demo network did not load (log: $log)"

say "Generating"
bench_mvn -Pbench exec:exec -Dbench.jvm="-Xmx4g" -Dbench.main=org.carerelay.bench.DataGenerator \
  -Dbench.args="${args[*]} --summary $BENCH_HOME/dataset-$BENCH_DB.properties"
echo "Summary: .cache/bench/dataset-$BENCH_DB.properties"
