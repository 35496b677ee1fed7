export { ServiceMetrics, bindMetrics, metricsOf, recordIngestion, type OutboxState, type ServiceMetricsOptions } from './metrics';
export { installTracing, ensureTracing, withServerSpan, withClientSpan, activeTraceId, traceDataSource, type Tracing, type TracingOptions } from './tracing';
export { requestLogPlugin } from './request-log';
/** For tests of services built with the kit: collect spans in memory (`installTracing({ exporter, simple: true })`). */
export { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
