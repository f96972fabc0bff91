"use client";

import { useState } from "react";

/** One client component: a page with none would ship no React to hydrate it. */
export function Counter() {
  const [n, setN] = useState(0);
  return (
    <button type="button" onClick={() => setN(n + 1)}>
      {n}
    </button>
  );
}
