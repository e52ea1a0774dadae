import callers from '../demo/callers.json' with { type: 'json' }
import { demoFlow } from '../demo/flow.ts'
import { answerTrigger, jsonLogger, memoryStore } from '../src/index.ts'
import { BODIES } from './support.ts'

// `node --cpu-prof --import tsx bench/profile-decision.ts`: the core decision in a loop, for a CPU profile.
// Logging on (to a no-op sink), as in production.
const runtime = {
  store: memoryStore(callers),
  logger: jsonLogger({ write: () => {} }),
  clock: { now: () => Date.now() },
  timeZone: 'America/New_York',
  defer: () => {},
  services: {},
}
const bodies = BODIES.map((body) => JSON.parse(body) as unknown)
const started = performance.now()
const n = 300_000
for (let i = 0; i < n; i++) await answerTrigger(demoFlow, 'default', bodies[i % bodies.length], runtime)
console.log(`${(((performance.now() - started) / n) * 1000).toFixed(2)} µs per decision (mean, logging on)`)
