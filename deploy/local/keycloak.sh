#!/usr/bin/env bash
# Fetches, starts, stops and reports on the local Keycloak used by CareRelay in development.
#
# Usage: deploy/local/keycloak.sh start | stop | status
#
# Exit codes
#   start : 0 Keycloak answers with the carerelay realm (started now, or already running)
#           1 failure (port taken by something else, download/extract failed, start timed out)
#   stop  : 0 stopped, or nothing of ours was running;  1 the process did not exit in time
#   status: 0 ready;  2 our process is alive but not ready yet;  3 not running
#
# Environment (all optional)
#   KEYCLOAK_PORT            HTTP port on 127.0.0.1           (default 8180)
#   KEYCLOAK_MGMT_PORT       management/health port           (default 9000)
#   KEYCLOAK_REALM_FILE      realm JSON to import             (default realm/carerelay-realm.json)
#   KEYCLOAK_START_TIMEOUT   seconds to wait for readiness    (default 300)
#
# Only bash, coreutils, curl, Java 17 and Maven are needed (unzip is used when present,
# otherwise the JDK's `jar`). The script only ever signals the PID it recorded itself.
set -euo pipefail

KC_VERSION=26.5.6
REALM_NAME=carerelay

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE="$ROOT/.cache"
KC_HOME="$CACHE/keycloak-$KC_VERSION"
DOWNLOADS="$CACHE/downloads"
RUN_DIR="$CACHE/run"
PID_FILE="$RUN_DIR/keycloak.pid"
PORT_FILE="$RUN_DIR/keycloak.port"   # "<http port> <management port>" of the process in PID_FILE
LOG_FILE="$RUN_DIR/keycloak.log"
STAMP_FILE="$CACHE/keycloak-realm.sha256"

PORT="${KEYCLOAK_PORT:-8180}"
MGMT_PORT="${KEYCLOAK_MGMT_PORT:-9000}"
REALM_FILE="${KEYCLOAK_REALM_FILE:-$ROOT/realm/carerelay-realm.json}"
START_TIMEOUT="${KEYCLOAK_START_TIMEOUT:-300}"

PUBLIC_URL="http://localhost:$PORT"
DISCOVERY_URL="http://127.0.0.1:$PORT/realms/$REALM_NAME/.well-known/openid-configuration"
READY_URL="http://127.0.0.1:$MGMT_PORT/health/ready"

log() { printf '%s\n' "$*"; }
err() { printf 'keycloak.sh: %s\n' "$*" >&2; }

# HTTP status of a URL, "000" when nothing answers.
http_code() {
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_bound() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

realm_ready() { [ "$(http_code "$DISCOVERY_URL")" = "200" ]; }
health_ready() { [ "$(http_code "$READY_URL")" = "200" ]; }

# PID recorded by us, if that process is still alive and still a Keycloak launcher.
our_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(tr -dc '0-9' < "$PID_FILE")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against PID reuse: the process must be our kc.sh (or the java it exec'd into).
  local args
  if [ -r "/proc/$pid/cmdline" ]; then
    args="$(tr '\0' ' ' < "/proc/$pid/cmdline")"
  else
    args="$(ps -p "$pid" -o args= 2>/dev/null || true)"
  fi
  case "$args" in
    *kc.sh*|*keycloak*|*quarkus*) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

log_tail() {
  if [ -f "$LOG_FILE" ]; then
    err "last lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" >&2 || true
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

fetch_keycloak() {
  [ -x "$KC_HOME/bin/kc.sh" ] && return 0
  local zip="$DOWNLOADS/keycloak-quarkus-dist-$KC_VERSION.zip"
  mkdir -p "$DOWNLOADS"
  if [ ! -s "$zip" ]; then
    log "Downloading Keycloak $KC_VERSION from Maven Central (165 MB, once)…"
    # Run outside the project so a half-edited pom.xml cannot interfere.
    local mvn_log="$DOWNLOADS/mvn-download.log"
    if ! (cd "$DOWNLOADS" && mvn -q -B -Dstyle.color=never dependency:copy \
            "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
            "-DoutputDirectory=$DOWNLOADS") > "$mvn_log" 2>&1 || [ ! -s "$zip" ]; then
      err "download of org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip failed:"
      tail -n 20 "$mvn_log" >&2 || true
      rm -f "$zip"
      return 1
    fi
    rm -f "$mvn_log"
  fi
  log "Extracting Keycloak $KC_VERSION into $CACHE/"
  local tmp="$CACHE/.extract-$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$tmp"
  else
    (cd "$tmp" && jar xf "$zip")
    chmod +x "$tmp/keycloak-$KC_VERSION/bin/"*.sh
  fi
  rm -rf "$KC_HOME"
  mv "$tmp/keycloak-$KC_VERSION" "$KC_HOME"
  rm -rf "$tmp"
}

prepare_import() {
  if [ ! -f "$REALM_FILE" ]; then
    err "realm file not found: $REALM_FILE"
    return 1
  fi
  mkdir -p "$KC_HOME/data/import"
  rm -f "$KC_HOME/data/import/"*.json
  cp "$REALM_FILE" "$KC_HOME/data/import/$REALM_NAME-realm.json"

  local new old=""
  new="$(sha256_of "$REALM_FILE")"
  [ -f "$STAMP_FILE" ] && old="$(cat "$STAMP_FILE")"
  if [ -d "$KC_HOME/data/h2" ] && [ "$new" != "$old" ]; then
    log "Realm file changed since the last import: resetting Keycloak's database (data/h2) to re-import it"
    rm -rf "$KC_HOME/data/h2"
  fi
  printf '%s\n' "$new" > "$STAMP_FILE"
}

# Waits until health and realm discovery both answer 200.
# $1 = PID to watch; $2 = "stop-on-timeout" to SIGTERM it when the timeout expires (only for a
# process this invocation launched).
wait_ready() {
  local pid="$1" on_timeout="${2:-}" start now elapsed last=0
  start="$(date +%s)"
  printf 'Waiting for Keycloak'
  while :; do
    if health_ready && realm_ready; then
      now="$(date +%s)"
      printf ' ready after %ss\n' "$((now - start))"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      printf '\n'
      err "Keycloak exited during start-up"
      log_tail
      rm -f "$PID_FILE" "$PORT_FILE"
      return 1
    fi
    now="$(date +%s)"
    elapsed=$((now - start))
    if [ "$elapsed" -ge "$START_TIMEOUT" ]; then
      printf '\n'
      if [ "$on_timeout" = "stop-on-timeout" ]; then
        err "Keycloak was not ready after ${START_TIMEOUT}s; stopping it (PID $pid)"
        log_tail
        kill -TERM "$pid" 2>/dev/null || true
      else
        err "Keycloak (PID $pid) was not ready after ${START_TIMEOUT}s"
        log_tail
      fi
      return 1
    fi
    if [ $((elapsed - last)) -ge 5 ]; then
      printf ' %ss' "$elapsed"
      last=$elapsed
    fi
    sleep 1
  done
}

cmd_start() {
  if realm_ready; then
    log "Keycloak already running at $PUBLIC_URL (reusing it)"
    if [ -f "$STAMP_FILE" ] && [ -f "$REALM_FILE" ] && [ "$(sha256_of "$REALM_FILE")" != "$(cat "$STAMP_FILE")" ]; then
      log "Note: $REALM_FILE changed since it was imported; run '$0 stop' then '$0 start' to re-import it"
    fi
    return 0
  fi

  local pid
  if pid="$(our_pid)"; then
    # Our Keycloak is alive but the realm does not answer on $PORT: either it is still starting
    # on this port (wait for it), or it was started on other ports (one instance per cache dir,
    # since the H2 database is locked by the running one).
    local ports=""
    [ -f "$PORT_FILE" ] && ports="$(cat "$PORT_FILE")"
    if [ "$ports" = "$PORT $MGMT_PORT" ]; then
      log "Keycloak (PID $pid) is already starting; waiting for it"
      wait_ready "$pid"
      return
    fi
    err "the Keycloak started by this script (PID $pid) runs on other ports (http/management: ${ports:-unknown});" \
        "stop it first with '$0 stop'"
    return 1
  fi

  if port_bound "$PORT"; then
    err "port $PORT is in use by something that does not serve the '$REALM_NAME' realm" \
        "(HTTP $(http_code "http://127.0.0.1:$PORT/")). Stop it or set KEYCLOAK_PORT."
    return 1
  fi
  if port_bound "$MGMT_PORT"; then
    err "management port $MGMT_PORT is already in use. Stop that process or set KEYCLOAK_MGMT_PORT."
    return 1
  fi

  command -v java >/dev/null 2>&1 || { err "java not found on PATH (Java 17+ is required)"; return 1; }
  fetch_keycloak
  prepare_import

  mkdir -p "$RUN_DIR"
  rm -f "$PID_FILE"
  printf '%s %s\n' "$PORT" "$MGMT_PORT" > "$PORT_FILE"
  : > "$LOG_FILE"
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # The inner shell records its own PID, closes every inherited descriptor above 2 (so no
  # caller's pipe is held open by the server, e.g. a test harness waiting for EOF) and then
  # exec's kc.sh: the PID file holds kc.sh's PID, and kc.sh forwards SIGTERM to java.
  # setsid detaches it from the caller's session and process group.
  local launch_script='echo $$ > "$1"; shift
    if [ -d /proc/$$/fd ]; then
      for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
      done
    fi
    exec "$@"'
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin KC_HEALTH_ENABLED=true \
    nohup ${launcher[@]+"${launcher[@]}"} bash -c "$launch_script" keycloak-launcher "$PID_FILE" \
      "$KC_HOME/bin/kc.sh" start-dev \
      "--http-port=$PORT" --http-host=127.0.0.1 "--http-management-port=$MGMT_PORT" \
      "--hostname=$PUBLIC_URL" --import-realm \
    >> "$LOG_FILE" 2>&1 < /dev/null &

  local i
  for i in $(seq 1 50); do
    [ -s "$PID_FILE" ] && break
    sleep 0.1
  done
  if [ ! -s "$PID_FILE" ]; then
    err "could not launch Keycloak"
    log_tail
    return 1
  fi
  pid="$(cat "$PID_FILE")"
  log "Starting Keycloak $KC_VERSION at $PUBLIC_URL (PID $pid, log $LOG_FILE)"
  wait_ready "$pid" stop-on-timeout
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE" "$PORT_FILE"
    if realm_ready; then
      log "Keycloak at $PUBLIC_URL was not started by this script; leaving it alone"
    else
      log "Keycloak is not running (nothing started by this script)"
    fi
    return 0
  fi
  printf 'Stopping Keycloak (PID %s)' "$pid"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE" "$PORT_FILE"
      printf ' stopped\n'
      return 0
    fi
    sleep 0.5
  done
  printf '\n'
  err "Keycloak (PID $pid) did not exit within 30s; PID file kept at $PID_FILE"
  return 1
}

cmd_status() {
  local pid=""
  pid="$(our_pid)" || pid=""
  if realm_ready; then
    if [ -n "$pid" ]; then
      log "Keycloak running at $PUBLIC_URL (PID $pid)"
    else
      log "Keycloak running at $PUBLIC_URL (not started by this script)"
    fi
    return 0
  fi
  if [ -n "$pid" ]; then
    log "Keycloak starting (PID $pid), not ready yet"
    return 2
  fi
  log "Keycloak not running"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "Usage: $0 start | stop | status" >&2
    exit 64
    ;;
esac
