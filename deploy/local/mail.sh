#!/usr/bin/env bash
# The local SMTP catcher for CareRelay's urgent notices: GreenMail standalone from Maven Central (fetched once into
# .cache/), listening on 127.0.0.1 only. It accepts mail for any address and keeps it in memory until it stops.
#
# Usage: deploy/local/mail.sh start | stop | status
#
#   SMTP  127.0.0.1:3025  (the portal started by up.sh sends here)
#   IMAP  127.0.0.1:3143  (read the mail: user = the recipient's address, any password), e.g.
#         curl -s --url "imap://127.0.0.1:3143/INBOX" --user "oncall@eastside.example.org:any" -X "SEARCH ALL"
#         curl -s --url "imap://127.0.0.1:3143/INBOX;UID=1" --user "oncall@eastside.example.org:any"
#
# Environment (optional): GREENMAIL_SMTP_PORT (3025), GREENMAIL_IMAP_PORT (3143), GREENMAIL_API_PORT (8025, its REST API).
# The script only ever signals the PID it recorded itself.
set -euo pipefail

GM_VERSION=2.1.8
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE="$ROOT/.cache"
JAR="$CACHE/downloads/greenmail-standalone-$GM_VERSION.jar"
RUN_DIR="$CACHE/run"
PID_FILE="$RUN_DIR/greenmail.pid"
LOG_FILE="$RUN_DIR/greenmail.log"
SMTP_PORT="${GREENMAIL_SMTP_PORT:-3025}"
IMAP_PORT="${GREENMAIL_IMAP_PORT:-3143}"
API_PORT="${GREENMAIL_API_PORT:-8025}"

port_bound() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

our_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(tr -dc '0-9' < "$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  case "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || ps -p "$pid" -o args= 2>/dev/null)" in
    *greenmail-standalone*) printf '%s\n' "$pid" ;;
    *) return 1 ;;
  esac
}

fetch() {
  [ -s "$JAR" ] && return 0
  mkdir -p "$CACHE/downloads"
  echo "Downloading GreenMail $GM_VERSION from Maven Central (10 MB, once)..."
  if ! (cd "$CACHE/downloads" && mvn -q -B -Dstyle.color=never dependency:copy \
        "-Dartifact=com.icegreen:greenmail-standalone:$GM_VERSION" "-DoutputDirectory=$CACHE/downloads") > "$RUN_DIR/greenmail-download.log" 2>&1 \
      || [ ! -s "$JAR" ]; then
    echo "mail.sh: download of com.icegreen:greenmail-standalone:$GM_VERSION failed:" >&2
    tail -n 20 "$RUN_DIR/greenmail-download.log" >&2 || true
    rm -f "$JAR"
    return 1
  fi
}

cmd_start() {
  mkdir -p "$RUN_DIR"
  if pid="$(our_pid)"; then
    echo "GreenMail already runs (PID $pid): SMTP 127.0.0.1:$SMTP_PORT, IMAP 127.0.0.1:$IMAP_PORT"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_bound "$SMTP_PORT"; then
    echo "mail.sh: port $SMTP_PORT is taken by another program; stop it or set GREENMAIL_SMTP_PORT (and CARERELAY_SMTP_PORT for the portal)." >&2
    return 1
  fi
  fetch
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  nohup ${launcher[@]+"${launcher[@]}"} java -Xmx128m \
    "-Dgreenmail.smtp.hostname=127.0.0.1" "-Dgreenmail.smtp.port=$SMTP_PORT" \
    "-Dgreenmail.imap.hostname=127.0.0.1" "-Dgreenmail.imap.port=$IMAP_PORT" \
    "-Dgreenmail.api.hostname=127.0.0.1" "-Dgreenmail.api.port=$API_PORT" \
    -Dgreenmail.auth.disabled -jar "$JAR" > "$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 30); do
    if port_bound "$SMTP_PORT" && port_bound "$IMAP_PORT"; then
      echo "GreenMail ready: SMTP 127.0.0.1:$SMTP_PORT, IMAP 127.0.0.1:$IMAP_PORT (log: .cache/run/greenmail.log)"
      return 0
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "mail.sh: GreenMail stopped during start:" >&2; tail -n 20 "$LOG_FILE" >&2; rm -f "$PID_FILE"; return 1
    fi
    sleep 1
  done
  echo "mail.sh: GreenMail did not open its ports within 30 s; see $LOG_FILE" >&2
  return 1
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    echo "GreenMail: nothing started by mail.sh is running."
    rm -f "$PID_FILE"
    return 0
  fi
  echo "Stopping GreenMail (PID $pid)..."
  kill -TERM "$pid"
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; return 0; }; sleep 1; done
  echo "GreenMail (PID $pid) is still stopping; check it with: ps -p $pid" >&2
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) if pid="$(our_pid)"; then echo "GreenMail runs (PID $pid)"; else echo "GreenMail is not running"; exit 3; fi ;;
  *) echo "usage: $0 start | stop | status" >&2; exit 2 ;;
esac
