#!/usr/bin/env bash
# Runs the web server, the background worker and the periodic jobs of docs/deployment.md together;
# Ctrl-C (or the server or the worker exiting) stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDR="${KOOPERACJA_ADDR:-127.0.0.1:8000}"

# The timers a server runs from cron or systemd, here every five minutes in one loop: stale jobs every time,
# the overviews' figures every 15 minutes, sign-in records hourly, the daily clean-ups and summaries once a day.
periodic() {
  local tick=0
  while true; do
    "$PY" manage.py fail_stale_jobs >/dev/null || true
    "$PY" manage.py close_commissioning_orders >/dev/null || true
    if (( tick % 3 == 0 )); then "$PY" manage.py refresh_overviews >/dev/null || true; fi
    if (( tick % 12 == 0 )); then "$PY" manage.py purge_sign_in_records >/dev/null || true; fi
    if (( tick % 288 == 0 )); then
      "$PY" manage.py expire_needs >/dev/null || true
      "$PY" manage.py lapse_readiness >/dev/null || true
      "$PY" manage.py agreements_daily >/dev/null || true
      "$PY" manage.py prune_read_log >/dev/null || true
      "$PY" manage.py prune_db_task_results --min-age-days 30 >/dev/null || true
      "$PY" manage.py send_digests >/dev/null || true
    fi
    tick=$((tick + 1))
    sleep 300
  done
}

"$PY" manage.py db_worker &
WORKER=$!
"$PY" manage.py runserver "$ADDR" &
SERVER=$!
periodic &
TIMERS=$!
stop() { kill "$WORKER" "$SERVER" "$TIMERS" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT
echo "Kooperacja: http://$ADDR  (worker pid $WORKER, periodic jobs pid $TIMERS) — Ctrl-C stops all three."
wait -n "$WORKER" "$SERVER"
