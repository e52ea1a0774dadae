import autocannon from 'autocannon'
import { compileStages, median, NODE_STAGES, startNodeServer, triggerRequests } from './support.ts'

// `npm run bench:stages`: where a Node server's CPU goes. Raw node:http, then one stage of ours added at a time (the
// answer, the body read, the log line, then the engine around a flow that answers at once, then a caller lookup),
// then ours and the hand-written handler, all at one fixed offered rate (so every server does the same work per
// second; BENCH_RATE, default 4000 req/s), in alternating rounds. Prints server CPU µs per request, each round, and
// the medians. BENCH_PIN=1 keeps servers and the load generator on separate CPUs.
const rate = Number(process.env.BENCH_RATE ?? 4000)
const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)

const compiled = await compileStages(NODE_STAGES)
// BENCH_RATE=0: as fast as each server answers, at 50 connections, as `npm run bench` loads them.
const offered = (url: string, duration: number) =>
  autocannon({
    url: `${url}/trigger`,
    ...(rate > 0 ? { connections: 20, overallRate: rate } : { connections: 50 }),
    duration,
    requests: triggerRequests(),
  })
const cpuUs: Record<string, number[]> = {}
for (let round = 1; round <= rounds; round++) {
  for (const [name, file, env] of compiled) {
    const server = await startNodeServer(file, env)
    await offered(server.url, 2)
    const before = server.cpuMicros()
    const { requests } = await offered(server.url, seconds)
    const each = cpuUs[name] ?? []
    each.push((server.cpuMicros() - before) / requests.total)
    cpuUs[name] = each
    await server.stop()
  }
  process.stderr.write(`round ${round}/${rounds} done\n`)
}
console.table(
  Object.entries(cpuUs).map(([server, each]) => ({
    server,
    'CPU µs/request (median)': Number(median(each).toFixed(1)),
    rounds: each.map((value) => value.toFixed(0)).join(' '),
  })),
)
