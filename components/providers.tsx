"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

/**
 * Client-side providers: one TanStack Query cache per browser tab. Around the signed-in pages'
 * content only (app/(console)/layout.tsx), which hold live data: the login page and the error pages
 * do without TanStack Query's code (8.5 KB gzip).
 */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: 1 } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
