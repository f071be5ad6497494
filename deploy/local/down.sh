#!/usr/bin/env bash
# Stops what deploy/local/up.sh started, by the PIDs it wrote down; nothing else.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUN="$ROOT/.cache/run"

stop_pid_file() {
  local name="$1" file="$2"
  if [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null; then
    local pid; pid=$(cat "$file")
    echo "Stopping $name (PID $pid)..."
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then echo "$name (PID $pid) is still stopping; check it with: ps -p $pid"; fi
  else
    echo "$name: nothing started by up.sh is running."
  fi
  rm -f "$file"
}

stop_pid_file "CareRelay portal" "$RUN/portal.pid"
"$ROOT/deploy/local/mail.sh" stop
"$ROOT/deploy/local/keycloak.sh" stop
if [ -f "$RUN/postgres.started" ]; then
  read -r ver name < "$RUN/postgres.started"
  echo "Stopping the PostgreSQL cluster $ver/$name that up.sh started..."
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" stop || true
  rm -f "$RUN/postgres.started"
fi
echo "Done."
