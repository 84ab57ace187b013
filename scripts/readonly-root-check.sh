#!/bin/sh
# Runs Runwell the way the Helm chart's pods do, without a container runtime:
# a private mount namespace with / and the repository read-only, uid 10001, and
# only the chart's emptyDir paths writable (/tmp, the data directory, .next/cache).
# Migrates, starts a worker (health port) and the web (`serve --no-build
# --workers 0`), probes them, and prints any write the read-only root refused.
#   sudo sh scripts/readonly-root-check.sh   # root (unshare, mount, setpriv); after `npm run build`
# DATABASE_URL: a throwaway database (default: runwell_readonly_check on 127.0.0.1, created).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-3215}
HEALTH_PORT=${HEALTH_PORT:-18081}
DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/runwell_readonly_check}
[ "$(id -u)" = 0 ] || { echo "needs root (unshare -m, mount, setpriv)" >&2; exit 2; }
[ -f "$ROOT/.next/BUILD_ID" ] || { echo "no web build: run npm run build first" >&2; exit 2; }

if [ "${1:-}" != "--inside" ]; then
  exec unshare -m --propagation private sh "$0" --inside
fi

mount --bind -o ro / / 2>/dev/null || mount -o remount,bind,ro /
mount --bind -o ro "$ROOT" "$ROOT"
mount -t tmpfs -o size=256m,mode=1777 tmpfs /tmp
mount -t tmpfs -o size=512m,uid=10001,gid=10001 tmpfs "$ROOT/.next/cache"
mkdir -p /tmp/data && chown 10001:10001 /tmp/data
touch "$ROOT/.write-probe" 2>/dev/null && { echo "the repository is still writable: check aborted" >&2; exit 1; }
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
export DATABASE_URL RUNWELL_DATA_DIR=/tmp/data NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
  RUNWELL_SECRET_KEY="$(head -c 32 /dev/urandom | base64)" NEXTAUTH_SECRET="$(head -c 32 /dev/urandom | base64)" \
  RUNWELL_METRICS_TOKEN=readonly-check-metrics-token HOST=0.0.0.0 PORT="$PORT" NEXTAUTH_URL="http://127.0.0.1:$PORT"
# setpriv execs node, so $! below is node's own PID (a shell function in the
# background would be a subshell, and killing it would orphan node).
AS_RUNWELL="setpriv --reuid=10001 --regid=10001 --clear-groups"

echo "== migrate"
$AS_RUNWELL node bin/runwell.mjs migrate | tail -2
echo "== worker"
$AS_RUNWELL node bin/runwell.mjs worker --health-port "$HEALTH_PORT" > /tmp/worker.log 2>&1 &
WORKER=$!
echo "== web"
$AS_RUNWELL node bin/runwell.mjs serve --no-build --workers 0 > /tmp/web.log 2>&1 &
WEB=$!
for _ in $(seq 1 90); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/health" && break
  sleep 2
done
echo "web /api/health:        $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/health")"
echo "web /signin:            $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/signin")"
echo "web /metrics (token):   $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer readonly-check-metrics-token' "http://127.0.0.1:$PORT/metrics")"
echo "worker /api/health:     $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HEALTH_PORT/api/health")"
echo "worker /metrics (token): $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer readonly-check-metrics-token' "http://127.0.0.1:$HEALTH_PORT/metrics")"
kill -TERM "$WEB" "$WORKER"
wait "$WEB" || true
wait "$WORKER" || true
refused=$(grep -h -i -E 'EROFS|read-only file system|EACCES' /tmp/web.log /tmp/worker.log || true)
if [ -n "$refused" ]; then
  echo "== writes refused:"; echo "$refused"; exit 1
fi
echo "== no write was refused"
