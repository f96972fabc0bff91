import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-10">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        This page does not exist, or you do not have access to it.
      </p>
      <Link href="/" className="mt-4 inline-block text-sky-700 underline dark:text-sky-400">
        Back to your teams
      </Link>
    </main>
  );
}
