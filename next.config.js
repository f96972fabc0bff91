import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads the request's language and catalog from here (no locale-prefixed routes).
// The catalogs are compiled at build time (every import of a lib/i18n/messages/*.json inside the
// Next build goes through next-intl's catalog loader), so the browser gets a small formatter
// instead of the ICU message parser (12 KB gzip on every page). Code run outside the Next build
// (CLI, unit tests, dev scripts) reads the plain JSON with the full formatter, as before.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: {
    messages: { path: "./lib/i18n/messages", format: "json", locales: "infer", precompile: true },
  },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The production server is .next/standalone/server.js with only the files it needs traced into
  // it: what the image ships and what the e2e suite and the benchmark run (dev/build-standalone.ts
  // adds the static assets, public/, the migrations and the version policy file beside it).
  output: "standalone",
  // This folder, not a parent with another lockfile: server.js lands at .next/standalone/server.js.
  outputFileTracingRoot: import.meta.dirname,
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded by Node at run time, not bundled: PGlite ships WebAssembly, the Kubernetes client and
  // pino load optional modules dynamically.
  // prom-client keeps its registry in module state: loaded by Node, it is one registry per process
  // whichever bundle (instrumentation, route handlers) asks for it.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@kubernetes/client-node",
    "pino",
    "prom-client",
    "undici",
  ],
  experimental: {
    serverActions: {
      // Next's default, made explicit: the largest legitimate action input is a clouds.yaml (at most
      // 16 KB, lib/validation/cloud-credentials.ts) or the create-cluster form (a few KB).
      bodySizeLimit: "1mb",
    },
  },
  // HSTS is set in proxy.ts: it depends on AUTH_URL and the proxy in front, known only at run time.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
