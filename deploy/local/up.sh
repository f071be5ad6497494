#!/usr/bin/env bash
# Brings up the whole local CareRelay stack: PostgreSQL, Keycloak with the demo realm, the demo
# network, and the portal at http://localhost:8080. Safe to run again. Stop it with down.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUN="$ROOT/.cache/run"
PORTAL_PORT="${CARERELAY_HTTP_PORT:-8080}"
PORTAL_URL="http://localhost:$PORTAL_PORT"
# Health and metrics answer on the portal's management interface, never on the public port.
MANAGEMENT_PORT="${CARERELAY_MANAGEMENT_PORT:-9001}"
mkdir -p "$RUN"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
portal_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 2>/dev/null; }

step "Checking the tools"
command -v java >/dev/null 2>&1 || fail "Java is not installed. CareRelay needs Java 17 or newer (Debian/Ubuntu: apt-get install -y openjdk-17-jdk)."
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
[ "${java_major:-0}" -ge 17 ] || fail "Java $java_major found; CareRelay needs Java 17 or newer."
command -v mvn >/dev/null 2>&1 || fail "Maven is not installed. CareRelay needs Maven 3.8 or newer (Debian/Ubuntu: apt-get install -y maven)."
command -v curl >/dev/null 2>&1 || fail "curl is not installed (Debian/Ubuntu: apt-get install -y curl)."
echo "Java $java_major, $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"

step "PostgreSQL"
"$ROOT/deploy/local/postgres.sh" --record-start

step "Keycloak (realm carerelay from realm/)"
"$ROOT/deploy/local/keycloak.sh" start

step "Local mail catcher (GreenMail: the urgent notices land here)"
"$ROOT/deploy/local/mail.sh" start

step "CareRelay portal"
if [ -f "$RUN/portal.pid" ] && kill -0 "$(cat "$RUN/portal.pid")" 2>/dev/null && portal_ready; then
  echo "The portal already runs at $PORTAL_URL (PID $(cat "$RUN/portal.pid")); reusing it. To rebuild: deploy/local/down.sh && deploy/local/up.sh"
else
  rm -f "$RUN/portal.pid"
  if port_taken "$PORTAL_PORT"; then
    fail "port $PORTAL_PORT is taken by another program. Stop it, or choose another port: CARERELAY_HTTP_PORT=8085 deploy/local/up.sh (Keycloak accepts redirects to ports 8080-8089)."
  fi
  if port_taken "$MANAGEMENT_PORT"; then
    fail "port $MANAGEMENT_PORT (the portal's health and metrics) is taken by another program. Stop it, or choose another port: CARERELAY_MANAGEMENT_PORT=9011 deploy/local/up.sh"
  fi
  echo "Building the portal (the first build downloads dependencies from Maven Central; a few minutes)..."
  (cd "$ROOT" && mvn -q -B -DskipTests package) || fail "the build failed; see the Maven output above."
  # Run a copy, so that a later 'mvn clean' or 'mvn verify' cannot pull the jars from under it.
  rm -rf "$ROOT/.cache/portal" && cp -r "$ROOT/target/quarkus-app" "$ROOT/.cache/portal"
  echo "Starting the portal on port $PORTAL_PORT (log: .cache/run/portal.log)..."
  (
    cd "$ROOT/.cache/portal"
    export CARERELAY_HTTP_PORT="$PORTAL_PORT"
    export CARERELAY_MANAGEMENT_PORT="$MANAGEMENT_PORT"
    # The documented demo key (local stack only; a deployment sets its own, 32+ random characters)
    export CARERELAY_SESSION_KEY="${CARERELAY_SESSION_KEY:-carerelay-demo-session-key-not-for-production}"
    export CARERELAY_DB_URL="${CARERELAY_DB_URL:-jdbc:postgresql://127.0.0.1:5432/carerelay}"
    export CARERELAY_DB_USER="${CARERELAY_DB_USER:-carerelay_app}"
    export CARERELAY_DB_PASSWORD="${CARERELAY_DB_PASSWORD:-carerelay_app}"
    export CARERELAY_DB_OWNER_USER="${CARERELAY_DB_OWNER_USER:-carerelay}"
    export CARERELAY_DB_OWNER_PASSWORD="${CARERELAY_DB_OWNER_PASSWORD:-carerelay}"
    export CARERELAY_OIDC_URL="${CARERELAY_OIDC_URL:-http://localhost:8180/realms/carerelay}"
    export CARERELAY_OIDC_CLIENT_SECRET="${CARERELAY_OIDC_CLIENT_SECRET:-demo-secret}"
    # The published demo key that signs the audit trail's epoch heads: local stack only (docs/operations.md)
    export CARERELAY_AUDIT_SEAL_KEY="${CARERELAY_AUDIT_SEAL_KEY:-MC4CAQAwBQYDK2VwBCIEIAcylyBVwLVMLiGGLkjAKfW4wOWjoG2CBuw3kGG91uCI}"
    export CARERELAY_DEMO_NETWORK="${CARERELAY_DEMO_NETWORK:-true}"
    export CARERELAY_SECURE_COOKIES="${CARERELAY_SECURE_COOKIES:-false}"   # plain http on localhost
    export CARERELAY_PUBLIC_URL="${CARERELAY_PUBLIC_URL:-http://localhost:$PORTAL_PORT}"
    export CARERELAY_CSRF_KEY="${CARERELAY_CSRF_KEY:-carerelay-development-csrf-key-not-secret}"   # the development key; never in a deployment
    export CARERELAY_WEBHOOK_KEY="${CARERELAY_WEBHOOK_KEY:-carerelay-development-webhook-key-not-secret}"   # the development key; never in a deployment
    export CARERELAY_WEBHOOK_ALLOW_HTTP="${CARERELAY_WEBHOOK_ALLOW_HTTP:-true}"   # http:// receivers on this machine
    export CARERELAY_DEMO_HISTORY_CLIENTS="${CARERELAY_DEMO_HISTORY_CLIENTS:-48}"
    # Urgent notices go to the local GreenMail (mail.sh), plain SMTP on loopback
    export CARERELAY_SMTP_HOST="${CARERELAY_SMTP_HOST:-127.0.0.1}"
    export CARERELAY_SMTP_PORT="${CARERELAY_SMTP_PORT:-${GREENMAIL_SMTP_PORT:-3025}}"
    export CARERELAY_SMTP_STARTTLS="${CARERELAY_SMTP_STARTTLS:-DISABLED}"
    export CARERELAY_MAIL_FROM="${CARERELAY_MAIL_FROM:-CareRelay (local) <no-reply@carerelay.localhost>}"
    nohup setsid java -jar quarkus-run.jar > "$RUN/portal.log" 2>&1 < /dev/null &
    echo $! > "$RUN/portal.pid"
  )
  waited=0
  until portal_ready; do
    if ! kill -0 "$(cat "$RUN/portal.pid")" 2>/dev/null; then
      tail -n 30 "$RUN/portal.log" >&2
      rm -f "$RUN/portal.pid"
      if grep -q "FlywayValidateException" "$RUN/portal.log"; then
        fail "the local database 'carerelay' holds a schema from an older development build. Recreate it (this deletes the local demo data only) with:
  deploy/local/postgres.sh --reset-local-db && deploy/local/up.sh"
      fi
      fail "the portal stopped during start; the log above says why (full log: .cache/run/portal.log)."
    fi
    [ "$waited" -ge 180 ] && fail "the portal did not become ready within 180 s; see .cache/run/portal.log"
    sleep 2; waited=$((waited + 2))
    [ $((waited % 10)) -eq 0 ] && echo "  still starting... ${waited}s"
  done
  echo "Portal ready after ${waited}s."
fi

cat <<TXT

CareRelay is running.

  Portal:    $PORTAL_URL
  Health:    http://localhost:$MANAGEMENT_PORT/q/health  (metrics: /q/metrics; management port, never public)
  Keycloak:  http://localhost:8180  (admin console: admin / admin, realm "carerelay")
  Mail:      urgent notices go to GreenMail, IMAP 127.0.0.1:${GREENMAIL_IMAP_PORT:-3143} (user: the recipient address, any password);
             admin.eastside lists the on-call addresses at $PORTAL_URL/admin/on-call. Read them with e.g.
             curl -s --url "imap://127.0.0.1:${GREENMAIL_IMAP_PORT:-3143}/INBOX;UID=1" --user "oncall@eastside.example.org:any"

Sign in with any demo user; every demo password is "demo":

  nurse.riverside       Riverside General Hospital — Discharge Team   frontline
  lead.riverside        Riverside General Hospital — Discharge Team   frontline, team-lead
  responder.eastside    Eastside Community Response Team              frontline
  lead.eastside         Eastside Community Response Team              frontline, team-lead
  admin.eastside        Eastside Community Response Team              agency-admin
  privacy.eastside      Eastside Community Response Team              privacy-officer
  clinician.mindbridge  MindBridge Digital Behavioral Health Access   frontline
  worker.harbor         Harbor Community Support                      frontline
  officer.northgate     Northgate Housing Association                 frontline
  advisor.welfare       County Welfare and Benefits Support           frontline
  commissioner.county   County Health and Care Commissioning          commissioner
  steward.county        County Health and Care Commissioning          identity-steward
  privacy.riverside, privacy.mindbridge, privacy.harbor, privacy.northgate,
  privacy.welfare       each agency's privacy officer                 privacy-officer

Stop everything with deploy/local/down.sh
TXT
