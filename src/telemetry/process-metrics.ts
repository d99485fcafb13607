import { monitorEventLoopDelay } from 'node:perf_hooks'
import { getHeapSpaceStatistics } from 'node:v8'
import { metrics, type BatchObservableResult } from '@opentelemetry/api'

/** The event-loop delay is sampled at this resolution and summed up over windows this long. */
const LOOP_RESOLUTION_MS = 10
const LOOP_WINDOW_MS = 10_000

/**
 * The process and runtime metrics, with the semantic conventions' names (v1.44: `process.*`,
 * `v8js.*`, `nodejs.*`), read at each collection:
 *
 * - `process.cpu.time` (counter, s; `cpu.mode` user or system): `process.cpuUsage()`;
 * - `process.memory.usage` (up-down counter, By): the resident set size;
 * - `v8js.memory.heap.used` (gauge, By; `v8js.heap.space.name`): V8's heap, by space;
 * - `nodejs.eventloop.delay.p99` and `nodejs.eventloop.delay.max` (gauges, s): the event loop's
 *   delay over the last complete 10 s window (`perf_hooks.monitorEventLoopDelay`), so every reader
 *   (the Prometheus scrape, the OTLP push) sees the same value however often it collects.
 *
 * Five instruments from Node's own APIs, rather than `@opentelemetry/host-metrics` (which also
 * reports the host's CPUs, memory and network) or `@opentelemetry/instrumentation-runtime-node`
 * (dozens of series, and 0.37 pins `@opentelemetry/instrumentation` ^0.300 beside our 0.301).
 * Returns the function that stops them (on shutdown).
 */
export function observeProcess(): () => void {
  const meter = metrics.getMeter('switchboard')
  const cpuTime = meter.createObservableCounter('process.cpu.time', {
    description: 'CPU time of the process, by mode',
    unit: 's',
  })
  const memoryUsage = meter.createObservableUpDownCounter('process.memory.usage', {
    description: 'Resident set size of the process',
    unit: 'By',
  })
  const heapUsed = meter.createObservableGauge('v8js.memory.heap.used', {
    description: 'V8 heap in use, by heap space',
    unit: 'By',
  })
  const delayP99 = meter.createObservableGauge('nodejs.eventloop.delay.p99', {
    description: 'Event-loop delay, 99th percentile over the last 10 s',
    unit: 's',
  })
  const delayMax = meter.createObservableGauge('nodejs.eventloop.delay.max', {
    description: 'Event-loop delay, maximum over the last 10 s',
    unit: 's',
  })

  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  loop.enable()
  let lastWindow: { p99: number; max: number } | undefined
  const window = setInterval(() => {
    // Nanoseconds; a window without samples (count 0) reports NaN and is skipped.
    if (loop.count > 0) lastWindow = { p99: loop.percentile(99) / 1e9, max: loop.max / 1e9 }
    loop.reset()
  }, LOOP_WINDOW_MS)
  window.unref()

  const observe = (result: BatchObservableResult) => {
    const cpu = process.cpuUsage()
    result.observe(cpuTime, cpu.user / 1e6, { 'cpu.mode': 'user' })
    result.observe(cpuTime, cpu.system / 1e6, { 'cpu.mode': 'system' })
    result.observe(memoryUsage, process.memoryUsage.rss())
    for (const space of getHeapSpaceStatistics()) {
      result.observe(heapUsed, space.space_used_size, { 'v8js.heap.space.name': space.space_name })
    }
    if (lastWindow) {
      result.observe(delayP99, lastWindow.p99)
      result.observe(delayMax, lastWindow.max)
    }
  }
  const observables = [cpuTime, memoryUsage, heapUsed, delayP99, delayMax]
  meter.addBatchObservableCallback(observe, observables)
  return () => {
    meter.removeBatchObservableCallback(observe, observables)
    clearInterval(window)
    loop.disable()
  }
}
