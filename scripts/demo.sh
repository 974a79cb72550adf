#!/usr/bin/env bash
# npm run demo: everything needed to try Maskboard locally, then the web app and one worker on
# http://localhost:${PORT:-3000}. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-3000}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:${PORT}}"
export NEXT_TELEMETRY_DISABLED=1
TSX=(node --conditions=react-server --import tsx)

if [ ! -d node_modules ]; then
  echo "==> Installing dependencies (npm ci)"
  # Prisma's postinstall would try to download a native schema engine; we use the wasm one.
  PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/schema-engine-stub.sh" npm ci
fi
if [ ! -f lib/generated/prisma/client.ts ]; then
  npm run db:generate
fi

echo "==> Checking PostgreSQL and Redis"
"${TSX[@]}" scripts/ensure-services.ts

# next start runs in production mode, which needs a real secret: keep one per checkout.
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  mkdir -p data
  [ -s data/.demo-nextauth-secret ] || node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))' > data/.demo-nextauth-secret
  NEXTAUTH_SECRET="$(cat data/.demo-nextauth-secret)"
  export NEXTAUTH_SECRET
fi

echo "==> Applying database migrations"
"${TSX[@]}" scripts/db-migrate.ts
echo "==> Seeding demo data"
SEED_DEMO=1 "${TSX[@]}" prisma/seed.ts

echo "==> Building the web app (next build)"
# Type checking is the test suite's job (test/foundation/typecheck.test.ts); the demo only needs a build.
MB_SKIP_TYPECHECK=1 node node_modules/next/dist/bin/next build

# Own process groups for the children: Ctrl-C reaches only this script, whose trap stops each child
# once (a second signal would make the worker abandon its running job).
set -m
pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "==> Stopping web app and worker"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

NODE_ENV=production node node_modules/next/dist/bin/next start -p "$PORT" &
pids+=($!)
NODE_ENV=production "${TSX[@]}" worker/index.ts &
pids+=($!)

echo "==> Maskboard is starting on http://localhost:${PORT} (health: /api/health). Ctrl-C to stop."
# Returns when either process exits (or on Ctrl-C, through the trap).
wait -n "${pids[@]}"
