#!/usr/bin/env bash
# Verifies the audit trail's hash chain and names the first broken entry.
# Usage: deploy/local/verify-audit.sh [database]   (default: carerelay)
set -euo pipefail
DB="${1:-carerelay}"
result=$(psql -h "${CARERELAY_PG_HOST:-127.0.0.1}" -p "${CARERELAY_PG_PORT:-5432}" -U carerelay -d "$DB" -tA -F ' ' \
  -c "SELECT rows_checked, coalesce(first_broken_id::text, '-'), coalesce(problem, '') FROM audit_verify_chain()")
read -r rows broken problem <<< "$result"
if [ "$broken" = "-" ]; then
  echo "Audit trail intact: $rows entries checked."
else
  echo "Audit trail BROKEN at entry $broken: $problem ($rows entries checked up to it)." >&2
  exit 2
fi
