import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { attackCorpus, generatedRequests, runHostile } from './hostile';

/**
 * The long hostile run against a hub running in another process (`scripts/hostile.sh` starts one and calls this):
 * `node test/dist/hostile-run.js --url URL --pid PID --admin TOKEN --other TOKEN [--count 10000] [--seed 12]`.
 * Prints one JSON line: requests, responses without a code, process exits, slowest `/healthz`, the hub's RSS before
 * and after (the lowest of readings every 5 s for a minute, as the process settles on its own: another process cannot
 * be made to collect; the CI-sized test runs the hub in its own process and collects before each reading).
 */

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
};

const rssMb = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Math.round(Number(/\d+/.exec(line)![0]) / 1024);
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const url = arg('url');
  const pid = Number(arg('pid'));
  const count = Number(arg('count', '10000'));
  const seed = Number(arg('seed', '12'));
  const tokens = { admin: arg('admin'), other: arg('other') };
  const settleMs = Number(arg('settle-ms', '60000'));

  const introspection = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}` }, body: JSON.stringify({ query: getIntrospectionQuery() }) })).json()) as { data: IntrospectionQuery };
  const schema = buildClientSchema(introspection.data);
  const rssStart = rssMb(pid);
  // Warm-up with other requests (another seed) so caches and pools reach their working size before RSS is read.
  const warm = await runHostile(url, generatedRequests(schema, tokens, 1_000, 7));
  await sleep(10_000);
  const rssBefore = rssMb(pid);

  const requests = [...attackCorpus(tokens.admin), ...generatedRequests(schema, tokens, count, seed)];
  const started = Date.now();
  const report = await runHostile(url, requests);
  const seconds = Math.round((Date.now() - started) / 1000);
  const rssAfterRun = rssMb(pid);
  // Another process cannot be made to collect: RSS is read every 5 s while it settles on its own, for `settle-ms`.
  const settling: number[] = [];
  for (let waited = 0; waited < settleMs; waited += 5_000) {
    await sleep(5_000);
    settling.push(rssMb(pid));
  }
  const rssAfter = Math.min(...settling);

  const withoutCode = report.problems.filter((p) => /without a code|not JSON|neither data nor errors|not an object/.test(p.problem)).length;
  console.log(
    JSON.stringify({
      requests: report.requests,
      seconds,
      processExits: alive(pid) ? 0 : 1,
      responsesWithoutCode: withoutCode,
      noAnswer: report.problems.filter((p) => p.status === 'no answer').length,
      healthSamples: report.health.samples,
      healthOver1s: report.health.over1s,
      healthMaxMs: report.health.maxMs,
      rssMb: { beforeWarmup: rssStart, before: rssBefore, afterRun: rssAfterRun, settling, afterSettling: rssAfter, growthPct: Math.round(((rssAfter - rssBefore) / rssBefore) * 1000) / 10 },
      warmup: { requests: warm.requests, problems: warm.problems.length },
      byStatus: report.byStatus,
      byCode: report.byCode,
      internal: report.internal,
      problems: report.problems.slice(0, 5),
    }),
  );
  if (!alive(pid) || report.problems.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 2;
});
