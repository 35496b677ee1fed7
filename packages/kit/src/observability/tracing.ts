import type { IncomingMessage } from 'node:http';
import { context, INVALID_SPAN_CONTEXT, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler, BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, SimpleSpanProcessor, type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import type { DataSource, QueryRunner } from 'typeorm';

export interface TracingOptions {
  /** `service.name` of the spans (OTEL_SERVICE_NAME wins when set). */
  serviceName: string;
  /**
   * Where spans go. Default: OTLP over HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set, else
   * nowhere: then no tracer provider is installed and no span, trace id or context is made (log lines carry the
   * request id only), because with nothing to export the SDK's per-request work (~8–10% of a subgraph's CPU) buys nothing.
   */
  exporter?: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches. */
  simple?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  /** Whether spans are recorded and exported. */
  readonly exporting: boolean;
  /** Flushes spans not exported yet. */
  flush(): Promise<void>;
  /** Flushes and stops (SIGTERM). */
  shutdown(): Promise<void>;
}

let installed: (Tracing & { provider?: NodeTracerProvider }) | undefined;

/**
 * Installs the process-wide tracer provider (W3C trace context, AsyncLocalStorage context). Call it once at
 * process start; a second call replaces the first (tests install an in-memory exporter).
 */
export function installTracing(options: TracingOptions): Tracing {
  const env = options.env ?? process.env;
  if (installed) {
    void installed.provider?.shutdown().catch(() => undefined);
    trace.disable();
    context.disable();
    propagation.disable();
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporter = options.exporter ?? (endpoint ? new OTLPTraceExporter() : undefined);
  if (!exporter) {
    installed = { exporting: false, flush: async () => undefined, shutdown: async () => undefined };
    return installed;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || options.serviceName }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [options.simple ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  installed = {
    provider,
    exporting: Boolean(exporter),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
  return installed;
}

/** Installs tracing as the environment configures it (nothing, without an exporter) unless it is installed already. */
export function ensureTracing(serviceName: string): Tracing {
  return installed ?? installTracing({ serviceName });
}

const tracer = () => trace.getTracer('gridhub');

/** Whether spans are being recorded: without an exporter, the span helpers below run their function directly. */
const recording = () => installed?.exporting === true;

/**
 * Runs an incoming request's handler inside a SERVER span that continues the caller's trace (`traceparent`), so
 * everything the handler does (subgraph fetches, SQL) lands in the same trace.
 */
export function withServerSpan<T>(req: IncomingMessage, name: string, fn: (span: Span) => Promise<T>): Promise<T> {
  if (!recording()) return fn(NO_SPAN);
  const parent = propagation.extract(context.active(), req.headers);
  return tracer().startActiveSpan(name, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': (req.url ?? '/').split('?')[0] } }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Runs `fn` in a CLIENT span and gives it the headers that carry the span's context to the callee. */
export function withClientSpan<T>(name: string, attributes: Record<string, string>, fn: (headers: Record<string, string>, span: Span) => Promise<T>): Promise<T> {
  if (!recording()) return fn(NO_HEADERS, NO_SPAN);
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    try {
      return await fn(headers, span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The active trace id, for log lines (undefined outside any span). */
export function activeTraceId(ctx: Context = context.active()): string | undefined {
  const span = trace.getSpanContext(ctx);
  return span && span.traceId !== '00000000000000000000000000000000' ? span.traceId : undefined;
}

const traced = Symbol('gridhub.traced');

/** The span handed to span helpers when nothing is recorded: its methods do nothing. */
const NO_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Gives every SQL statement of `db` a CLIENT span (statement text only; parameters, which hold personal data, are
 * never recorded). Wraps the query runners typeorm creates, so repositories, query builders and migrations are covered.
 */
export function traceDataSource(db: DataSource): void {
  const driver = db.driver as unknown as { createQueryRunner(mode: string): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  const system = db.options.type === 'better-sqlite3' ? 'sqlite' : db.options.type;
  const database = String(db.options.database ?? '').split('/').pop() ?? '';
  driver.createQueryRunner = (mode: string) => {
    const runner = create(mode) as QueryRunner & { [traced]?: true };
    if (runner[traced]) return runner;
    runner[traced] = true;
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    runner.query = ((sql: string, ...rest: unknown[]) => {
      if (!recording()) return query(sql, ...rest);
      const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
      return tracer().startActiveSpan(
        `${operation} ${database}`,
        { kind: SpanKind.CLIENT, attributes: { 'db.system': system, 'db.name': database, 'db.operation': operation, 'db.statement': sql.slice(0, 2000) } },
        async (span) => {
          try {
            return await query(sql, ...rest);
          } catch (err) {
            // No message: a database error can quote the values it refused (an ID number in a duplicate key).
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            span.end();
          }
        },
      );
    }) as QueryRunner['query'];
    return runner;
  };
}
