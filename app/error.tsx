"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-xl p-10" role="alert">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        Try again; if it persists, tell your platform team.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-sky-600 px-3 py-1.5 text-white">
        Try again
      </button>
    </main>
  );
}
