# syntax=docker/dockerfile:1
# Runwell image: one image for the web server and the workers
# (docker-compose.yml runs it as both). Build: docker build -t runwell .

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# `npm run build` generates the Prisma client, then runs `next build`.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache test-results

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    RUNWELL_DATA_DIR=/var/lib/runwell
WORKDIR /app
# jemalloc: `runwell serve` preloads it into the web process, whose RSS glibc's
# malloc let grow by a third under load (cli/web-memory.ts, docs/ops.md).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libjemalloc2 \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 runwell \
 && useradd --system --uid 10001 --gid runwell --home-dir /app --shell /usr/sbin/nologin runwell \
 && mkdir -p /var/lib/runwell \
 && chown runwell:runwell /var/lib/runwell
COPY --from=build --chown=runwell:runwell /app /app
USER runwell
EXPOSE 3000
# Migrates the database, then starts the already-built web app.
# The Helm chart (deploy/helm/runwell) runs this image three ways: this command
# with `--workers 0` (web), `node bin/runwell.mjs worker --health-port 8081`
# (workers) and `node bin/runwell.mjs migrate` (pre-install/pre-upgrade hook),
# as uid 10001 on a read-only root filesystem: /tmp, /var/lib/runwell and
# /app/.next/cache are its writable (emptyDir) volumes.
CMD ["node", "bin/runwell.mjs", "serve", "--no-build"]
