/**
 * `npm start`'s telemetry preload: as `src/telemetry/register.ts`, except that nothing is exported
 * unless an `OTEL_*` variable asks for an exporter or an OTLP endpoint. A development machine has
 * no collector, and exporting to none means a connection error a minute and a wait at every stop.
 * Metrics are still served at the admin listener's `/metrics`.
 */
const asksForExport = Object.keys(process.env).some((name) =>
  /^OTEL_(TRACES_EXPORTER|METRICS_EXPORTER|LOGS_EXPORTER|EXPORTER_)/.test(name)
)
if (!asksForExport) {
  process.env['OTEL_TRACES_EXPORTER'] = 'none'
  process.env['OTEL_METRICS_EXPORTER'] = 'none'
  process.env['OTEL_LOGS_EXPORTER'] = 'none'
}
await import('../src/telemetry/register.ts')
