#!/usr/bin/env bash
# Makes sure the local PostgreSQL runs and holds CareRelay's roles and databases.
# Idempotent: safe to run again. Used by up.sh and by the test harness.
#   carerelay      owner role: runs the Flyway migrations
#   carerelay_app  application role: only the rights the portal needs (granted by the migrations)
#   databases      carerelay (local stack), carerelay_test and carerelay_fasttest (mvn verify)
set -euo pipefail

PGHOST_ADDR="${CARERELAY_PG_HOST:-127.0.0.1}"
# With --record-start, a cluster this script starts is written down so that down.sh stops it again.
# With --reset-local-db, the local stack's database 'carerelay' is dropped and created empty
# (the portal migrates it again at its next start). Never touches any other database.
# With --database NAME, one more database (owner carerelay, e.g. the benchmark's) is created when missing:
# the owner role has no CREATEDB right, so only this script's superuser connection can make it.
RECORD_FILE=""
RESET_LOCAL=""
EXTRA_DB=""
while [ $# -gt 0 ]; do
  case "$1" in
    --record-start) RECORD_FILE="$(cd "$(dirname "$0")/../.." && pwd)/.cache/run/postgres.started" ;;
    --reset-local-db) RESET_LOCAL=1 ;;
    --database)
      EXTRA_DB="${2:-}"; shift
      [[ "$EXTRA_DB" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { printf 'ERROR: --database needs a lower-case name (letters, digits, _)\n' >&2; exit 1; } ;;
    *) printf 'ERROR: unknown option %s (known: --record-start, --reset-local-db, --database NAME)\n' "$1" >&2; exit 1 ;;
  esac
  shift
done
PGPORT_NUM="${CARERELAY_PG_PORT:-5432}"

say() { printf '%s\n' "$*"; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT_NUM"
  else
    (exec 3<>"/dev/tcp/$PGHOST_ADDR/$PGPORT_NUM") 2>/dev/null
  fi
}

if ! pg_up; then
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    # the cluster on the port we were asked for (another cluster, e.g. the fault tests' own, may sort first)
    read -r ver name _ < <(pg_lsclusters -h | awk -v port="$PGPORT_NUM" '$3 == port' | head -n 1) || true
    [ -n "${ver:-}" ] || read -r ver name _ < <(pg_lsclusters -h | head -n 1)
    say "Starting the local PostgreSQL cluster $ver/$name ..."
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
      || fail "could not start PostgreSQL cluster $ver/$name; see /var/log/postgresql/postgresql-$ver-$name.log"
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
    pg_up || fail "PostgreSQL cluster $ver/$name started but does not answer on $PGHOST_ADDR:$PGPORT_NUM"
    if [ -n "$RECORD_FILE" ]; then mkdir -p "$(dirname "$RECORD_FILE")"; echo "$ver $name" > "$RECORD_FILE"; fi
  elif command -v psql >/dev/null 2>&1; then
    fail "PostgreSQL does not answer on $PGHOST_ADDR:$PGPORT_NUM and no local cluster was found to start.
Start your PostgreSQL server (15 or newer) on that address, or set CARERELAY_PG_HOST / CARERELAY_PG_PORT."
  else
    fail "PostgreSQL is not installed. On Debian or Ubuntu: apt-get install -y postgresql
(then re-run this command; CareRelay needs PostgreSQL 15 or newer on $PGHOST_ADDR:$PGPORT_NUM)."
  fi
fi

# A superuser connection: TCP as postgres (trust), else the postgres OS user over the socket.
if psql -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  admin_psql() { psql -h "$PGHOST_ADDR" -p "$PGPORT_NUM" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
  admin_psql() { runuser -u postgres -- psql -p "$PGPORT_NUM" -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
elif command -v sudo >/dev/null 2>&1; then
  admin_psql() { sudo -u postgres psql -p "$PGPORT_NUM" -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
else
  fail "cannot connect to PostgreSQL as a superuser (tried TCP as postgres, runuser, sudo)."
fi

if [ -n "$RESET_LOCAL" ]; then
  say "Dropping and recreating the local database 'carerelay' ..."
  admin_psql -c "DROP DATABASE IF EXISTS carerelay WITH (FORCE)"
fi

admin_psql <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'carerelay') THEN
    CREATE ROLE carerelay LOGIN PASSWORD 'carerelay';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'carerelay_app') THEN
    CREATE ROLE carerelay_app LOGIN PASSWORD 'carerelay_app';
  END IF;
END $$;
SELECT 'CREATE DATABASE carerelay OWNER carerelay'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'carerelay') \gexec
SELECT 'CREATE DATABASE carerelay_test OWNER carerelay'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'carerelay_test') \gexec
SELECT 'CREATE DATABASE carerelay_fasttest OWNER carerelay'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'carerelay_fasttest') \gexec
GRANT CONNECT ON DATABASE carerelay TO carerelay_app;
GRANT CONNECT ON DATABASE carerelay_test TO carerelay_app;
GRANT CONNECT ON DATABASE carerelay_fasttest TO carerelay_app;
SQL

if [ -n "$EXTRA_DB" ]; then
  admin_psql <<SQL
SELECT 'CREATE DATABASE $EXTRA_DB OWNER carerelay'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$EXTRA_DB') \gexec
GRANT CONNECT ON DATABASE $EXTRA_DB TO carerelay_app;
SQL
  say "Database $EXTRA_DB ready (owner carerelay)"
fi
say "PostgreSQL ready on $PGHOST_ADDR:$PGPORT_NUM (databases carerelay, carerelay_test, carerelay_fasttest; roles carerelay, carerelay_app)"
