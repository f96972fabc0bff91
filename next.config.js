/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded by Node at run time, not bundled: PGlite ships WebAssembly, the Kubernetes client and
  // pino load optional modules dynamically.
  serverExternalPackages: ["@electric-sql/pglite", "@kubernetes/client-node", "pino", "undici"],
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

export default nextConfig;
