#!/usr/bin/env bash
# Shared by generate.sh and run.sh: an isolated build of the project (so a concurrent `mvn verify` in the
# working tree never shares target/ with the benchmark), and the database settings of the bench database.
# Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_HOME="$ROOT/.cache/bench"
BUILD="$BENCH_HOME/build"
PG_HOST="${CARERELAY_PG_HOST:-127.0.0.1}"
PG_PORT="${CARERELAY_PG_PORT:-5432}"
BENCH_DB="${BENCH_DB:-carerelay_bench}"
mkdir -p "$BENCH_HOME"

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Copies the sources into .cache/bench/build: the committed HEAD by default (reproducible: the report names the
# commit), or the working tree with BENCH_SOURCE=worktree (tracked and untracked files that git does not ignore).
# Build output stays in .cache/bench/build/target.
sync_sources() {
  local source="${BENCH_SOURCE:-head}"
  mkdir -p "$BUILD"
  # A clean build: stale classes or templates of an earlier copy must never reach the benchmarked jar.
  rm -rf "$BUILD/src" "$BUILD/db" "$BUILD/realm" "$BUILD/deploy" "$BUILD/pom.xml" "$BUILD/target"
  if [ "$source" = "worktree" ]; then
    (cd "$ROOT" && git ls-files -co --exclude-standard -z | tar --null -cf - -T - 2>/dev/null) | tar -xf - -C "$BUILD"
    echo "Sources: the working tree (HEAD $(git -C "$ROOT" rev-parse --short HEAD) plus local changes)"
  else
    git -C "$ROOT" archive HEAD | tar -xf - -C "$BUILD"
    echo "Sources: commit $(git -C "$ROOT" rev-parse --short HEAD)"
  fi
  # BENCH_OVERLAY="path ...": these paths of the working tree on top (e.g. uncommitted benchmark changes).
  for path in ${BENCH_OVERLAY:-}; do
    (cd "$ROOT" && tar -cf - "$path") | tar -xf - -C "$BUILD"
    echo "  plus the working tree's $path"
  done
  git -C "$ROOT" rev-parse HEAD > "$BUILD/COMMIT"
  echo "$source" > "$BUILD/SOURCE"
}

# mvn in the isolated copy (quiet, batch mode); arguments are passed through.
bench_mvn() {
  (cd "$BUILD" && mvn -q -B "$@")
}

# The benchmark build of the portal: -Dcarerelay.bench=true adds the probe page (/bench/probe) and the audit bypass
# switch (CARERELAY_AUDIT_BENCHMARK_BYPASS) that P1 and P2 need. A normal build has neither; never ship this jar.
build_bench_jar() {
  bench_mvn -DskipTests -Dcarerelay.bench=true package
}

psql_owner() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U carerelay -d "${1:-$BENCH_DB}" "${@:2}"
}

# Creates the bench database (owner carerelay) when missing; the app role may connect. The owner role has
# no CREATEDB right on a fresh cluster, so the database is made by postgres.sh's superuser connection.
ensure_database() {
  bash "$ROOT/deploy/local/postgres.sh" --database "$1"
}
