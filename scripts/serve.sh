#!/usr/bin/env bash
# Runs the web server and the background worker together; Ctrl-C (or either exiting) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDR="${KOOPERACJA_ADDR:-127.0.0.1:8000}"
"$PY" manage.py db_worker &
WORKER=$!
"$PY" manage.py runserver "$ADDR" &
SERVER=$!
stop() { kill "$WORKER" "$SERVER" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT
echo "Kooperacja: http://$ADDR  (worker pid $WORKER) — Ctrl-C stops both."
wait -n "$WORKER" "$SERVER"
