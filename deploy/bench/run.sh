#!/usr/bin/env bash
# The benchmark harness (issue #8): on the generated data set (deploy/bench/generate.sh), measures P1-P5 side by
# side in one run and writes docs/benchmarks.md. Not part of `mvn verify`. About 15 minutes.
#
# Usage: deploy/bench/run.sh [--db NAME] [--seconds 30] [--java-opts "-Xmx1g"]
#
# Needs: PostgreSQL on 5432, Keycloak with the carerelay realm on 8180 (started with deploy/local/keycloak.sh when
# missing, and stopped again at the end), wrk, pgbench and Chromium (Debian packages). Two portal instances run
# from the packaged jar on free ports among 8084-8089 and are stopped by their PIDs at the end. Avoid running it
# while a `mvn verify` runs on the same machine: both compete for the same cores.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

seconds=30
java_opts="-Xmx1g"
while [ $# -gt 0 ]; do
  case "$1" in
    --db) BENCH_DB="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --java-opts) java_opts="$2"; shift 2 ;;
    *) die "unknown argument $1 (see the usage at the top of $0)" ;;
  esac
done

for tool in wrk pgbench psql java mvn curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (Debian: apt-get install -y wrk postgresql-client openjdk-17-jdk maven curl)"
done
[ -f "$BENCH_HOME/dataset-$BENCH_DB.properties" ] || die "no data set in $BENCH_DB yet: run deploy/bench/generate.sh --preset county first"

if [ "${BENCH_SKIP_BUILD:-}" = "1" ] && [ -f "$BUILD/target/quarkus-app/quarkus-run.jar" ]; then
  say "Reusing the build in .cache/bench/build (BENCH_SKIP_BUILD=1)"
else
  say "Building (isolated copy in .cache/bench/build)"
  sync_sources
  build_bench_jar
fi

say "Keycloak"
started_keycloak=""
if curl -fsS -o /dev/null "http://127.0.0.1:8180/realms/carerelay/.well-known/openid-configuration" 2>/dev/null; then
  echo "Reusing the Keycloak on 8180"
else
  "$ROOT/deploy/local/keycloak.sh" start
  started_keycloak=yes
fi
stop_keycloak() { [ -n "$started_keycloak" ] && "$ROOT/deploy/local/keycloak.sh" stop || true; }
trap stop_keycloak EXIT

say "Benchmarks (instances' logs in .cache/bench/app-*.log)"
export BENCH_PORTAL_JAVA_OPTS="$java_opts"
(cd "$BUILD" && mvn -q -B -Pbench exec:exec -Dbench.jvm="-Xmx2g" -Dbench.main=org.carerelay.bench.BenchmarkRun \
  -Dbench.args="--db $BENCH_DB --seconds $seconds --jar $BUILD/target/quarkus-app/quarkus-run.jar --work $BENCH_HOME \
--out $ROOT/docs/benchmarks.md --commit $(cat "$BUILD/COMMIT") --source $(cat "$BUILD/SOURCE")")
