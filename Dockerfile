# Switchboard: the webhook bridge on Node 24 (the same major as the node@24 dev dependency).
# The image runs the sources compiled to JavaScript (`npm run build:app`, a build stage below),
# not the TypeScript that Node 24 could strip itself: its stripper stays resident, ~20 MiB of RSS.
# The entry needs KAFKA_BROKERS (it says so in one line and exits 2 without it); the local-broker
# fallback is the development entry's (`npm start`), not the container's.
#
#   docker build -t switchboard:0.1.0 --build-arg VERSION=0.1.0 \
#     --build-arg REVISION="$(git rev-parse HEAD)" --build-arg SOURCE="$(git remote get-url origin)" .
#   docker run --rm switchboard:0.1.0 switchboard --help
#
# The base image is pinned by digest: the multi-arch index of node:24-slim as published on Docker
# Hub. It was not pulled from this project's machines (they reach no container registry); it is
# the digest public repositories pin for node:24-slim, found by code search. Let Renovate
# (`docker` manager) or Dependabot (`package-ecosystem: docker`) keep tag and digest fresh; both
# update `FROM name:tag@sha256:…` lines in place. Both stages must use the same image.
FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# Production dependencies only: no typescript, vitest, eslint, prettier or the node@24 dev
# dependency. --omit=optional too, because npm would otherwise install typescript (24 MB) as
# valibot's optional peer; nothing in the production tree needs an optional package (check with
# `npm ci --omit=dev --omit=optional` and the deploy-kit test). --ignore-scripts skips `prepare`,
# which builds the consumer package with dev tools, and `postinstall`; so the patches (kafkajs's
# record encoding and key hashing, see patches/README.md) are applied here by patch-package at the
# lockfile's version, fetched by npx into the npm cache, which is then cleaned.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  && npx --yes patch-package@8.0.1 --error-on-fail --error-on-warn \
  && npm cache clean --force

# The production JavaScript: all dependencies for the compiler (typescript), none of which is
# copied into the image; only dist/app is (see scripts/build-app.ts).
FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.app.json ./
COPY scripts/build-app.ts scripts/compile-typescript.ts ./scripts/
COPY src ./src
COPY adapters ./adapters
COPY bin ./bin
RUN node scripts/build-app.ts

FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df
# Set by the build: VERSION (package.json's), REVISION (the commit), SOURCE (the repository's URL).
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=
LABEL org.opencontainers.image.title="switchboard" \
  org.opencontainers.image.description="Verifies Plain and HelpCrunch webhooks, maps them to canonical conversation-lifecycle CloudEvents and publishes them to Kafka." \
  org.opencontainers.image.source="${SOURCE}" \
  org.opencontainers.image.licenses="UNLICENSED" \
  org.opencontainers.image.version="${VERSION}" \
  org.opencontainers.image.revision="${REVISION}" \
  org.opencontainers.image.base.name="docker.io/library/node:24-slim"
ENV NODE_ENV=production
# Two glibc malloc arenas instead of eight per core: with Node's threads the default fragments
# native memory (peak RSS 198 vs 149 MiB after 70,000 webhooks, same throughput).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# src/, adapters/ and bin/switchboard.js as JavaScript, the console's assets and package.json.
COPY --from=build /app/dist/app ./
# `switchboard` on PATH (sign, send, normalize, validate): `docker run IMAGE switchboard --help`.
# A wrapper rather than a symlink, so it does not depend on the file's mode bits.
RUN printf '#!/bin/sh\nexec node /app/bin/switchboard.js "$@"\n' > /usr/local/bin/switchboard \
  && chmod 0755 /usr/local/bin/switchboard
USER node
# 8080: webhooks. 9091: the admin listener (/healthz, /readyz, /metrics); set ADMIN_HOST=0.0.0.0
# for probes from outside the container.
EXPOSE 8080 9091
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.ADMIN_PORT||9091)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A young generation of 2 x 8 MiB semi-spaces: V8 would otherwise grow it to 64 MiB under load,
# which alone costs ~80 MiB of RSS for no measurable throughput. The old generation may grow to
# twice its live size before a full GC, where V8 would let it grow up to four times: under 256
# connections the heap's live ~35 MiB otherwise reached ~140 MiB between full GCs (see README,
# memory).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=100", "--import", "./src/telemetry/register.js", "src/main.js"]
