import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, QueryRunner } from 'typeorm';

/** Counts SQL statements, in total and per request, so tests and benchmarks can assert them. */
export class SqlCounter {
  /** Statements of requests (and of anything not marked background). */
  total = 0;
  /** Statements of background loops (`inBackground`): an outbox dispatcher polling while a test counts a request's. */
  background = 0;
  private readonly scope = new AsyncLocalStorage<{ count: number; background?: boolean }>();

  /** Runs `fn` (and the timers it starts) with its statements counted in `background`, not in `total`. */
  inBackground<T>(fn: () => T): T {
    return this.scope.run({ count: 0, background: true }, fn);
  }

  /** Runs `fn` with its own per-request tally; returns what it returned and the statements it issued. */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const tally = { count: 0 };
    const result = await this.scope.run(tally, fn);
    return { result, statements: tally.count };
  }

  /** Starts a per-request tally for the rest of the current async context (used by the HTTP handler). */
  enter(): { count: number } {
    const tally = { count: 0 };
    this.scope.enterWith(tally);
    return tally;
  }

  record(): void {
    const tally = this.scope.getStore();
    if (tally?.background) {
      this.background++;
      return;
    }
    this.total++;
    if (tally) tally.count++;
  }
}

/** typeorm logger that counts every statement and reports errors and slow queries to the service log. */
export class CountingLogger implements Logger {
  constructor(
    private readonly counter: SqlCounter,
    private readonly serviceLog?: { warn(obj: object, msg: string): void },
  ) {}
  logQuery(_query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    this.counter.record();
  }
  logQueryError(error: string | Error, query: string): void {
    this.serviceLog?.warn({ err: String(error), sql: query.slice(0, 500) }, 'sql statement failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.serviceLog?.warn({ ms: time, sql: query.slice(0, 500) }, 'slow sql statement');
  }
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
