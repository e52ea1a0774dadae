import callers from '../demo/callers.json' with { type: 'json' }
import { demoFlow } from '../demo/flow.ts'
import { answerTrigger, jsonLogger, memoryStore, type Runtime } from '../src/index.ts'
import { BODIES, timeEach } from './support.ts'

// The core decision for the demo flow, in-process: parse, look up, decide, check, serialise, and the log line
// (redacted, bounded, stringified; written nowhere). `npm run bench` runs it compiled, as production code runs, and
// reads the JSON it prints: median and p99 in µs. For a profile: `node --cpu-prof .tmp/bench/decision.mjs`.
const runtime: Runtime = {
  store: memoryStore(callers),
  logger: jsonLogger({ write: () => {} }),
  clock: { now: () => Date.now() },
  timeZone: 'America/New_York',
  defer: () => {},
  services: {},
}
const bodies = BODIES.map((body) => JSON.parse(body) as unknown)
const decide = (i: number) => answerTrigger(demoFlow, 'default', bodies[i % bodies.length], runtime)
const iterations = Number(process.env.DECISIONS ?? 50_000)
process.stdout.write(JSON.stringify(await timeEach(decide, iterations, 20_000)))
