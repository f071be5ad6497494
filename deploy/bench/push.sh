#!/usr/bin/env bash
# P6 (webhooks, issue #15) and P7 (concern rules, issue #16) on the generated data set (deploy/bench/generate.sh):
# ingest to a loopback receiver's receipt with 10 endpoints of which one hangs, ingest throughput with webhooks on vs
# off, and with the three shipped concern rules vs none. Writes the "Push and concern rules" section of
# docs/benchmarks.md (run.sh keeps it). About 10 minutes.
#
# Usage: deploy/bench/push.sh [--db NAME] [--seconds 30] [--rate 20] [--only P6|P7] [--java-opts "-Xmx1g"]
#
# Needs what run.sh needs (PostgreSQL, Keycloak with the carerelay realm on 8180, wrk). Two portal instances run from
# the packaged jar on free ports among 8084-8089 (B with CARERELAY_CONCERNS_ENABLED=false) and are stopped by their
# PIDs at the end; the receivers run inside the benchmark's JVM on loopback.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

seconds=30
rate=20
only="P6,P7"
java_opts="-Xmx1g"
while [ $# -gt 0 ]; do
  case "$1" in
    --db) BENCH_DB="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --java-opts) java_opts="$2"; shift 2 ;;
    *) die "unknown argument $1 (see the usage at the top of $0)" ;;
  esac
done

for tool in wrk psql java mvn curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (Debian: apt-get install -y wrk postgresql-client openjdk-17-jdk maven curl)"
done
[ -f "$BENCH_HOME/dataset-$BENCH_DB.properties" ] || die "no data set in $BENCH_DB yet: run deploy/bench/generate.sh --preset county first"
curl -fsS -o /dev/null "http://127.0.0.1:8180/realms/carerelay/.well-known/openid-configuration" \
  || die "Keycloak with the carerelay realm is not answering on 8180 (deploy/local/keycloak.sh start)"

if [ "${BENCH_SKIP_BUILD:-}" = "1" ] && [ -f "$BUILD/target/quarkus-app/quarkus-run.jar" ]; then
  say "Reusing the build in .cache/bench/build (BENCH_SKIP_BUILD=1)"
else
  say "Building (isolated copy in .cache/bench/build)"
  sync_sources
  build_bench_jar
fi

say "P6 and P7 (instances' logs in .cache/bench/app-*.log)"
export BENCH_PORTAL_JAVA_OPTS="$java_opts"
(cd "$BUILD" && mvn -q -B -Pbench exec:exec -Dbench.jvm="-Xmx2g" -Dbench.main=org.carerelay.bench.PushBench \
  -Dbench.args="--db $BENCH_DB --seconds $seconds --rate $rate --only $only --jar $BUILD/target/quarkus-app/quarkus-run.jar \
--work $BENCH_HOME --out $ROOT/docs/benchmarks.md --commit $(cat "$BUILD/COMMIT")")
