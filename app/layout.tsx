import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "KaaS Console", template: "%s · KaaS Console" },
  description: "Self-service Kubernetes clusters on the Sovereign Cloud Stack",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Blocking on purpose: the theme must be set before the first paint. */}
        <script nonce={nonce} src="/theme-init.js" />
      </head>
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
