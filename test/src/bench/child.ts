// One process of the benchmark: a subgraph or a gateway, started from the role the parent sends (processes.ts).
// Our gateway with `workers` > 1 runs as node:cluster workers of this process, as `gridhub serve gateway --workers N`.
import cluster from 'node:cluster';
import { clientTokenVerifier, createLogger, loadOrCreateIdentityKeys, startSubgraph, type DatabaseConfig, type RunningSubgraph } from '@gridhub/kit';
import { signedCallHeaders, subgraphNamed } from '@gridhub/cli';
import { startGateway } from '@gridhub/gateway';
import { startApolloGateway } from './apollo-gateway';
import { startHiveGateway } from './hive-gateway';
import { serveNestedSubgraph, type RunningNestedSubgraph } from './nested/subgraphs';

/** Gateway keys and client-token secret, shared with the parent through files in the run's data folder. */
export interface Auth {
  keysFile: string;
  jwtSecret: string;
}

export type Role =
  /** A subgraph of the hub's static graph on the seeded database. */
  | { kind: 'hub-subgraph'; name: string; database: DatabaseConfig; keysFile: string; urls: Record<string, string> }
  /** A subgraph of the nested workload (in memory). */
  | { kind: 'nested-subgraph'; name: string }
  /** Our gateway, serving a supergraph SDL. */
  | { kind: 'gridhub'; supergraph: string; auth: Auth; dedup: boolean; maxCost?: number; workers?: number }
  | { kind: 'hive'; supergraph: string; auth?: Auth; dedup: boolean; jit: boolean }
  | { kind: 'apollo'; supergraph: string; auth?: Auth };

/** What a child reports when asked: requests its subgraph answered and SQL statements issued (subgraphs only). */
export interface ChildStats {
  served: number;
  sql: number;
}

export type ToChild = { type: 'start'; role: Role } | { type: 'stats'; id: number } | { type: 'stop' };
export type FromChild = { type: 'ready'; url: string; pids: number[] } | { type: 'stats'; id: number; stats: ChildStats } | { type: 'failed'; error: string };

const send = (message: FromChild) => process.send!(message);

/** Sum of a counter's values (all label sets). */
async function counterTotal(sg: RunningSubgraph): Promise<number> {
  const { values } = await sg.metrics.operations.get();
  return values.reduce((n, v) => n + v.value, 0);
}

async function start(role: Role): Promise<{ url: string; stats(): Promise<ChildStats>; stop(): Promise<void> }> {
  const log = createLogger(role.kind, { level: process.env.GRIDHUB_LOG_LEVEL ?? 'warn' });
  const none = async (): Promise<ChildStats> => ({ served: 0, sql: 0 });
  const keysOf = async (auth?: Auth) => (auth ? { jwtSecret: auth.jwtSecret, identityKeys: await loadOrCreateIdentityKeys(auth.keysFile) } : undefined);
  switch (role.kind) {
    case 'hub-subgraph': {
      const definition = subgraphNamed(role.name);
      const keys = await loadOrCreateIdentityKeys(role.keysFile);
      const identity = { publicKeys: keys.publicJwks };
      const sg = await startSubgraph(definition, { database: role.database, identity, urls: role.urls, callHeaders: signedCallHeaders(keys, definition), log });
      return { url: sg.url, stats: async () => ({ served: await counterTotal(sg), sql: sg.sql.total }), stop: () => sg.stop() };
    }
    case 'nested-subgraph': {
      const sg: RunningNestedSubgraph = await serveNestedSubgraph(role.name);
      return { url: sg.url, stats: async () => ({ served: sg.served, sql: 0 }), stop: () => sg.stop() };
    }
    case 'gridhub': {
      const auth = (await keysOf(role.auth))!;
      const verify = clientTokenVerifier({ secret: auth.jwtSecret });
      const gateway = await startGateway({
        identityKeys: auth.identityKeys,
        authenticate: (req) => (req.headers.authorization ? verify(req.headers.authorization) : undefined),
        supergraph: { kind: 'sdl', sdl: role.supergraph },
        dedup: role.dedup,
        ...(role.maxCost ? { limits: { maxCost: role.maxCost } } : {}),
        log,
      });
      return { url: gateway.url, stats: none, stop: () => gateway.stop() };
    }
    case 'hive': {
      const hive = await startHiveGateway(role.supergraph, await keysOf(role.auth), { dedup: role.dedup, jit: role.jit });
      return { url: hive.url, stats: none, stop: () => hive.stop() };
    }
    case 'apollo': {
      const apollo = await startApolloGateway(role.supergraph, await keysOf(role.auth));
      return { url: apollo.url, stats: none, stop: () => apollo.stop() };
    }
  }
}

/** Our gateway in `workers` cluster workers sharing one port; resolves when every worker serves. */
async function startWorkers(role: Role & { kind: 'gridhub' }, workers: number): Promise<Awaited<ReturnType<typeof start>> & { pids: number[] }> {
  const forked = Array.from({ length: workers }, () => cluster.fork({ GRIDHUB_BENCH_ROLE: JSON.stringify({ ...role, workers: 1 }) }));
  const urls = await Promise.all(
    forked.map((w) => new Promise<string>((resolve, reject) => {
      w.once('message', (m: FromChild) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(m.type === 'failed' ? m.error : 'unexpected'))));
      w.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    })),
  );
  return {
    url: urls[0]!,
    pids: forked.map((w) => w.process.pid!),
    stats: async () => ({ served: 0, sql: 0 }),
    stop: async () => {
      await Promise.all(forked.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        w.once('exit', () => resolve());
        w.process.kill('SIGTERM');
      })));
    },
  };
}

let running: Awaited<ReturnType<typeof start>> | undefined;
if (cluster.isWorker) {
  // A worker of our gateway: serve, report, stop on SIGTERM.
  void start(JSON.parse(process.env.GRIDHUB_BENCH_ROLE!) as Role).then(
    (r) => {
      process.on('SIGTERM', () => void r.stop().finally(() => process.exit(0)));
      send({ type: 'ready', url: r.url, pids: [process.pid] });
    },
    (err: Error) => {
      send({ type: 'failed', error: err.stack ?? err.message });
      process.exit(1);
    },
  );
}
process.on('message', (message: ToChild) => {
  if (cluster.isWorker) return;
  if (message.type === 'start') {
    const { role } = message;
    const workers = role.kind === 'gridhub' ? (role.workers ?? 1) : 1;
    (workers > 1 ? startWorkers(role as Role & { kind: 'gridhub' }, workers) : start(role).then((r) => ({ ...r, pids: [process.pid] }))).then(
      (r) => {
        running = r;
        send({ type: 'ready', url: r.url, pids: r.pids });
      },
      (err: Error) => {
        send({ type: 'failed', error: err.stack ?? err.message });
        process.exit(1);
      },
    );
  } else if (message.type === 'stats') {
    void running?.stats().then((stats) => send({ type: 'stats', id: message.id, stats }));
  } else {
    void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
  }
});
// The parent is gone: nothing else would stop this process.
if (!cluster.isWorker) process.on('disconnect', () => process.exit(0));
