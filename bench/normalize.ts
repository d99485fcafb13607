/**
 * `npm run bench:normalize`: webhooks per second on one core (this process's only thread) for the
 * whole edge path — verify (HMAC over the raw bytes) + JSON parse + freshness + vendor schema +
 * mapping + strict canonical check + serialise each event — per fixture family. A baseline of bare
 * `JSON.parse` + `JSON.stringify` of the same bodies runs in the same process, so the ratio holds on
 * a noisy, shared machine where absolute numbers do not. A script, never a test.
 */
import { normalize } from '../src/pipeline.ts'
import { fixtureNow, listFixtureCases, type FixtureCase } from '../test/helpers/fixtures.ts'
import { signFor, TEST_SECRET } from '../test/helpers/sign.ts'
import { routeOf, testVendorRoutes, verifierOf } from '../test/helpers/vendors.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 2)
const routes = testVendorRoutes()

/** Fixture families: vendor + the first segment of the event type (`thread`, `customer`, `chat`, …). */
const familyOf = (fixture: FixtureCase) =>
  `${fixture.vendor} ${fixture.eventType.split('.')[0] ?? ''}`

interface Prepared {
  readonly run: () => number
  readonly body: Buffer
}

function prepare(fixture: FixtureCase): Prepared | undefined {
  const route = routeOf(routes, fixture.vendor)
  const { adapter } = route
  const verifier = verifierOf(route, fixture.tenant)
  const now = fixtureNow(fixture) // read once: the clock must not cost a JSON parse per call
  // Signed at the same instant the freshness check uses (a vendor may sign a time in a header).
  const headers = signFor(fixture.vendor, fixture.body, TEST_SECRET, now)
  const input = { body: fixture.body, tenant: fixture.tenant, verify: { verifier, headers, now } }
  const run = () => {
    const result = normalize(adapter, input)
    let bytes = 0
    if (result.status === 'mapped')
      for (const event of result.events) bytes += JSON.stringify(event).length
    return bytes
  }
  try {
    return run() > 0 ? { run, body: fixture.body } : undefined
  } catch {
    return undefined // rejected fixtures are not part of the throughput figure
  }
}

/** Runs `step` round-robin over the family for `SECONDS`, after a warm-up; webhooks per second. */
function measure(steps: readonly (() => unknown)[]): number {
  const until = (ms: number) => {
    const end = performance.now() + ms
    let n = 0
    while (performance.now() < end) {
      for (const step of steps) step()
      n += steps.length
    }
    return n
  }
  until(300)
  const start = performance.now()
  const n = until(SECONDS * 1000)
  return n / ((performance.now() - start) / 1000)
}

const families = new Map<string, Prepared[]>()
for (const fixture of listFixtureCases()) {
  const prepared = prepare(fixture)
  if (prepared)
    families.set(familyOf(fixture), [...(families.get(familyOf(fixture)) ?? []), prepared])
}

console.log(`node ${process.version}, one thread, ${SECONDS} s per family after a 300 ms warm-up`)
console.log(
  'family               fixtures   webhooks/s   µs/webhook   baseline/s   full path vs baseline'
)
for (const [family, prepared] of families) {
  const full = measure(prepared.map((p) => p.run))
  const baseline = measure(
    prepared.map((p) => () => JSON.stringify(JSON.parse(p.body.toString('utf8'))))
  )
  console.log(
    `${family.padEnd(20)} ${String(prepared.length).padStart(8)} ${full.toFixed(0).padStart(12)} ${(
      1e6 / full
    )
      .toFixed(1)
      .padStart(
        12
      )} ${baseline.toFixed(0).padStart(12)} ${(full / baseline).toFixed(2).padStart(14)}×`
  )
}
