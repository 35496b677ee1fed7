// Door-record ingestion throughput over HTTP (NDJSON, batches of 1,000), per dialect.
// Usage: node scripts/build.mjs && node subgraphs/complex/bench/ingest-throughput.mjs [records] [mysql-url]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const kit = require('../../../packages/kit/dist/index.js');
const cx = require('../dist/index.js');
const { seedSmallComplex } = require('../dist/testing/fixture.js');

const total = Number(process.argv[2] ?? 200_000);
const mysqlUrl = process.argv[3] ?? 'mysql://root@127.0.0.1:3306/bench';
const BATCH = 1000;

async function run(label, database) {
  const keys = await kit.createIdentityKeys();
  const identity = { publicKeys: keys.publicJwks };
  const sg = await kit.startSubgraph(cx.createComplexSubgraph({ identity }), { database, identity, log: kit.createLogger('bench', { level: 'warn' }) });
  try {
    const { unitDoors } = await seedSmallComplex(sg, 100);
    const headers = { 'content-type': 'application/x-ndjson', ...(await kit.identityHeaders(keys, { subject: 'bench', role: kit.Role.SUBDISTRICT_ADMIN }, 'complex')) };
    const url = sg.url.replace(/\/graphql$/, cx.INGEST_PATH);
    const base = Date.now() - 86_400_000;
    const body = (b) => Array.from({ length: BATCH }, (_, k) => {
      const i = b * BATCH + k;
      return JSON.stringify({ deviceId: unitDoors[i % 100].id, deviceSeq: i, deviceTime: new Date(base + i * 100).toISOString(), direction: i % 2 ? 'IN' : 'OUT', credential: 'CARD', result: 'GRANTED', personId: (i % 4000) + 1 });
    }).join('\n');
    const measure = async (fromBatch, batches, concurrency) => {
      const started = performance.now();
      let accepted = 0;
      let next = fromBatch;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < fromBatch + batches) {
          const b = next++;
          const res = await fetch(url, { method: 'POST', headers, body: body(b) });
          accepted += (await res.json()).accepted;
        }
      }));
      return { rate: Math.round((batches * BATCH) / ((performance.now() - started) / 1000)), accepted };
    };
    const n = total / BATCH;
    const sequential = await measure(0, n / 2, 1);
    const parallel = await measure(n / 2, n / 2, 4);
    const dup = await measure(0, 20, 1); // resent batches: all duplicates
    const stored = await sg.db.getRepository(cx.AccessRecordEntity).count();
    console.log(
      `${label}: ${sequential.rate} records/s (1 sender), ${parallel.rate} records/s (4 concurrent senders), ` +
        `${dup.rate} records/s resending stored batches (${dup.accepted} accepted); stored ${stored} of ${total}`,
    );
  } finally {
    await sg.stop();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'complex-bench-'));
try {
  await run('SQLite', { dataDir });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
try {
  await run('MariaDB', { url: mysqlUrl });
} finally {
  await kit.dropDatabase({ url: mysqlUrl, name: 'complex' });
}
