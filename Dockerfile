# syntax=docker/dockerfile:1
#
# The KaaS Console image: the standalone server `npm run build` makes, on Node 24, as a non-root
# user, with nothing written to the image's filesystem at run time (the chart mounts emptyDirs on
# /tmp and /app/.next/cache and sets readOnlyRootFilesystem).
#
# Pin the base by digest: NODE_IMAGE's tag names the version, the digest makes the build
# reproducible and is what your scanners vouch for. The zeros are a placeholder; take the real one
# from your registry mirror:  docker buildx imagetools inspect node:24.9.0-bookworm-slim
# and build with  docker build --build-arg NODE_IMAGE=node:24.9.0-bookworm-slim@sha256:<digest> .
ARG NODE_IMAGE=node:24.9.0-bookworm-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000

# Dependencies, dev ones included (the build needs TypeScript, Tailwind, Next's compiler).
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# `next build` plus the standalone folder completed (dev/build-standalone.ts): static assets,
# public/, migrations and the version policy file beside server.js, with only the production
# dependencies Next traced into its node_modules.
FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

# What runs: the standalone folder and Node, nothing else from the build (no dev dependencies,
# no sources). Owned by root and not writable by the user that runs it.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
COPY --from=build /src/.next/standalone /app
USER 65532:65532
EXPOSE 3000
# No HEALTHCHECK: Kubernetes probes /api/healthz and /api/readyz (deploy/chart).
CMD ["node", "server.js"]
