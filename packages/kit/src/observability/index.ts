export { ServiceMetrics, bindMetrics, metricsOf, recordIngestion, type OutboxState, type ServiceMetricsOptions } from './metrics';
export { installTracing, ensureTracing, withServerSpan, withClientSpan, activeTraceId, traceDataSource, type Tracing, type TracingOptions } from './tracing';
export { requestLogPlugin } from './request-log';
