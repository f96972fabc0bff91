/** Liveness: the process is up and serving. Checks nothing else on purpose. */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
