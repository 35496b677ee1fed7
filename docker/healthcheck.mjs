// Container health check: GET $GRIDHUB_HEALTHCHECK_URL (the service's /readyz), healthy on 200 within 2 s.
const url = process.env.GRIDHUB_HEALTHCHECK_URL ?? 'http://127.0.0.1:4000/readyz';
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
