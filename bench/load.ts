import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { load, startNodeServer } from './support.ts'

// `npm run load`: autocannon against the Node adapter (`npm start`'s server: demo flow, seeded store) for 60 s at 50
// connections on loopback. Passes when there are no errors and memory is stable; figures go to bench/load-results.json.
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '50' } },
})
const seconds = Number(values.duration)

const server = await startNodeServer('demo/node.ts')
await load(server.url, 3, 10) // warm-up: JIT and caches, so the start RSS is the steady state
const rssStart = server.rssMiB()
const result = await load(server.url, seconds, Number(values.connections))
const rssEnd = server.rssMiB()
await server.stop()

const figures = {
  date: new Date().toISOString(),
  seconds,
  connections: Number(values.connections),
  requests: result.requests,
  rps: Math.round(result.rps),
  p50_ms: result.p50Ms,
  p99_ms: result.p99Ms,
  errors: result.errors,
  non_2xx: result.non2xx,
  rss_start_mib: Number(rssStart.toFixed(1)),
  rss_end_mib: Number(rssEnd.toFixed(1)),
}
await writeFile('bench/load-results.json', `${JSON.stringify(figures, null, 2)}\n`)
console.table(figures)
// Stable memory: after warm-up, a leak of even 1 KiB per request would add ~100s of MiB over a minute.
const stable = rssEnd - rssStart < 64
console.log(
  `load: ${result.requests} requests, errors=${result.errors + result.non2xx}, RSS ${rssStart.toFixed(1)} → ${rssEnd.toFixed(1)} MiB (${stable ? 'stable' : 'GROWING'})`,
)
process.exit(result.errors === 0 && result.non2xx === 0 && stable ? 0 : 1)
