#!/usr/bin/env bash
# The fault tests' own PostgreSQL cluster ("carerelay_faults", port 5433 unless CARERELAY_FAULT_PG_PORT says otherwise).
# The resilience tests stop and start it while a portal instance runs on it; they must never do that to the cluster
# everything else uses. Needs the Debian/Ubuntu PostgreSQL tools (pg_createcluster, pg_ctlcluster) and root or sudo.
#
#   fault-cluster.sh ensure   create it if missing, start it, and add CareRelay's roles and databases (postgres.sh)
#   fault-cluster.sh stop     stop it at once (fast shutdown: open connections are cut, as in a crash or restart)
#   fault-cluster.sh start    start it again
#   fault-cluster.sh remove   stop and delete it
set -euo pipefail
cd "$(dirname "$0")/../.."

NAME=carerelay_faults
PORT="${CARERELAY_FAULT_PG_PORT:-5433}"

fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
command -v pg_createcluster >/dev/null 2>&1 \
  || fail "the fault tests need the PostgreSQL cluster tools (pg_createcluster, pg_ctlcluster): apt-get install -y postgresql-common"
if [ "$(id -u)" = 0 ]; then as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then as_root() { sudo "$@"; }
else fail "the fault tests create, stop and start their own PostgreSQL cluster: run them as root or with sudo"; fi

version() {
  local v
  v="$(pg_lsclusters -h | awk -v name="$NAME" '$2 == name { print $1 }' | head -n 1)"
  [ -n "$v" ] || v="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  [ -n "$v" ] || fail "no PostgreSQL server installed under /usr/lib/postgresql"
  printf '%s' "$v"
}
status() { pg_lsclusters -h | awk -v name="$NAME" '$2 == name { print $4 }'; }

case "${1:-}" in
  ensure)
    ver="$(version)"
    if [ -z "$(status)" ]; then
      printf 'Creating the fault tests'"'"' PostgreSQL cluster %s/%s on port %s ...\n' "$ver" "$NAME" "$PORT"
      as_root pg_createcluster "$ver" "$NAME" -p "$PORT" -- --auth=trust >/dev/null
    fi
    if [ "$(status)" != online ]; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$NAME" start
    fi
    CARERELAY_PG_PORT="$PORT" bash deploy/local/postgres.sh ;;
  stop)  if [ "$(status)" = online ]; then as_root pg_ctlcluster --skip-systemctl-redirect "$(version)" "$NAME" stop -m fast; fi ;;
  start) if [ "$(status)" != online ]; then as_root pg_ctlcluster --skip-systemctl-redirect "$(version)" "$NAME" start; fi ;;
  remove)
    if [ -n "$(status)" ]; then as_root pg_dropcluster --stop "$(version)" "$NAME"; fi ;;
  *) fail "usage: $0 ensure|stop|start|remove" ;;
esac
