import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { gzipSync } from 'node:zlib'
import { app as demoApp } from '../demo/app.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import { demoFlow } from '../demo/flow.ts'
import { answerTrigger, jsonLogger, memoryStore, type TriggerRuntime } from '../src/index.ts'
import { HOSTILE_BODIES } from '../test/fixtures/hostile.ts'
import { BODIES, type LoadResult, load, type Server, startNodeServer } from './support.ts'

// `npm run bench`: one table, measured in one run on this machine, written to bench/results.json. Servers are compared
// side by side in alternating rounds, so a change in the machine's load hits all of them alike.
const kib = (bytes: number) => Number((bytes / 1024).toFixed(1))
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  )

/** Time each call of `once` (after `warmup` untimed calls): median and p99 in µs. */
async function timeEach(once: (i: number) => Promise<unknown>, iterations: number, warmup: number) {
  for (let i = 0; i < warmup; i++) await once(i)
  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint()
    await once(i)
    times.push(Number(process.hrtime.bigint() - start) / 1000)
  }
  times.sort((a, b) => a - b)
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99) }
}

// 1. The core decision for the demo flow, in-process: parse, look up, decide, check, serialise, and the log line
// (redacted, bounded, stringified; written nowhere).
async function decisionMicros(iterations = 50_000) {
  const runtime: TriggerRuntime = {
    store: memoryStore(callers),
    logger: jsonLogger({ write: () => {} }),
    clock: { now: () => Date.now() },
    timeZone: 'America/New_York',
    defer: () => {},
    services: {},
  }
  const bodies = BODIES.map((body) => JSON.parse(body) as unknown)
  return timeEach((i) => answerTrigger(demoFlow, 'default', bodies[i % bodies.length], runtime), iterations, 20_000)
}

// 1b. The same through the app in-process (Request in, Response out), no network.
async function httpInProcessMicros(iterations = 20_000) {
  const handler = demoApp.handler({ store: memoryStore(callers), logger: jsonLogger({ write: () => {} }) })
  const once = async (i: number) => {
    const response = await handler.fetch(
      new Request('http://local/trigger', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODIES[i % BODIES.length] ?? '',
      }),
    )
    await response.text()
  }
  return timeEach(once, iterations, 10_000)
}

// 1c. The crafted bodies of the hardening corpus, through the app in-process: the slowest answer, in ms.
async function worstBody(repeats = 15) {
  const handler = demoApp.handler({ store: memoryStore(callers), logger: jsonLogger({ write: () => {} }) })
  const rows = []
  for (const hostile of HOSTILE_BODIES) {
    const bytes = new TextEncoder().encode(hostile.body)
    const request = () =>
      new Request('http://local/trigger', {
        method: 'POST',
        headers: { 'content-type': hostile.contentType, 'content-length': String(bytes.length) },
        body: bytes,
      })
    const { median: micros } = await timeEach(async () => (await handler.fetch(request())).text(), repeats, 3)
    rows.push({ body: hostile.name, kib: kib(bytes.length), ms: Number((micros / 1000).toFixed(2)) })
  }
  rows.sort((a, b) => b.ms - a.ms)
  return rows
}

interface Contender {
  readonly name: string
  start(): Promise<Server>
}

// 2. Our Node adapter (what `npm start` runs) against a hand-written Hono handler and bare Hono, 50 connections, the
// demo's four bodies, alternating rounds; medians of the rounds.
async function nodeServers(rounds = 3, seconds = 8) {
  const contenders: Contender[] = [
    { name: 'ours', start: () => startNodeServer('cli/main.ts', {}, ['dev']) },
    { name: 'hand-written', start: () => startNodeServer('bench/hand-written-server.ts') },
    { name: 'bare', start: () => startNodeServer('bench/bare-server.ts') },
  ]
  // The same answers from ours and the hand-written handler, or the comparison means nothing.
  const answers = async (server: Server) =>
    Promise.all(BODIES.map(async (body) => (await fetch(`${server.url}/trigger`, { method: 'POST', body })).json()))
  const [ours, handWritten] = [await contenders[0]?.start(), await contenders[1]?.start()]
  if (!ours || !handWritten) throw new Error('no servers')
  const same = JSON.stringify(await answers(ours)) === JSON.stringify(await answers(handWritten))
  await Promise.all([ours.stop(), handWritten.stop()])
  if (!same) throw new Error('the hand-written handler does not give the demo flow answers: fix it before comparing')

  const results = new Map<string, LoadResult[]>(contenders.map((contender) => [contender.name, []]))
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      const server = await contender.start()
      await load(server.url, 2, 10)
      const result = await load(server.url, seconds)
      await server.stop()
      results.get(contender.name)?.push(result)
      console.error(`round ${round + 1} ${contender.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99Ms} ms`)
    }
  }
  const summary = (name: string) => {
    const runs = results.get(name) ?? []
    return {
      rps: median(runs.map((run) => run.rps)),
      p99Ms: median(runs.map((run) => run.p99Ms)),
      errors: runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0),
    }
  }
  return { ours: summary('ours'), handWritten: summary('hand-written'), bare: summary('bare') }
}

// 3. The Worker bundle, as `wrangler deploy --dry-run` builds it.
function workerBundle() {
  execFileSync('wrangler', ['deploy', '--dry-run', '--outdir', 'dist-worker', '--minify'], {
    stdio: 'ignore',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  })
  const code = readFileSync('dist-worker/worker.js')
  return { raw: code.length, gzip: gzipSync(code).length }
}

// 4. The Lambda package, as `npm run build:lambda` builds it, and how long its handler module takes to import.
function lambdaBundle(imports = 15) {
  rmSync('dist-lambda', { recursive: true, force: true })
  execFileSync('npm', ['run', 'build:lambda'], { stdio: 'ignore' })
  const zip = 'dist-lambda/voitex-trigger.zip'
  rmSync('dist-lambda/extract', { recursive: true, force: true })
  mkdirSync('dist-lambda/extract', { recursive: true })
  execFileSync('python3', ['-c', `import zipfile; zipfile.ZipFile('${zip}').extractall('dist-lambda/extract')`])
  const handler = 'dist-lambda/extract/bundle/lambda.mjs'
  const times: number[] = []
  for (let i = 0; i < imports; i++) {
    const script = `const t = performance.now(); await import('./${handler}'); process.stdout.write(String(performance.now() - t))`
    // Deployed with a token, as it should be: the module then writes nothing to stdout while it loads.
    const env = { ...process.env, TRIGGER_TOKEN: 'bench-token' }
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env })))
  }
  times.sort((a, b) => a - b)
  return { bundle: statSync(handler).size, zip: statSync(zip).size, importMs: quantile(times, 0.5) }
}

const decision = await decisionMicros()
const http = await httpInProcessMicros()
const worst = await worstBody()
const { ours, handWritten, bare } = await nodeServers()
const worker = workerBundle()
const lambda = lambdaBundle()

const results = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  decision_us_median: Number(decision.median.toFixed(1)),
  decision_us_p99: Number(decision.p99.toFixed(1)),
  http_in_process_us_median: Number(http.median.toFixed(1)),
  http_in_process_us_p99: Number(http.p99.toFixed(1)),
  worst_body_ms: worst[0]?.ms ?? 0,
  worst_body: worst[0]?.body ?? '',
  node_rps: Math.round(ours.rps),
  node_p99_ms: ours.p99Ms,
  handwritten_rps: Math.round(handWritten.rps),
  handwritten_p99_ms: handWritten.p99Ms,
  bare_rps: Math.round(bare.rps),
  bare_p99_ms: bare.p99Ms,
  node_vs_handwritten_ratio: Number((ours.rps / handWritten.rps).toFixed(2)),
  node_vs_bare_ratio: Number((ours.rps / bare.rps).toFixed(2)),
  node_errors: ours.errors,
  worker_raw_kib: kib(worker.raw),
  worker_gzip_kib: kib(worker.gzip),
  lambda_bundle_kib: kib(lambda.bundle),
  lambda_zip_kib: kib(lambda.zip),
  lambda_import_ms: Number(lambda.importMs.toFixed(1)),
}
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`)

const goals: Record<string, string> = {
  decision_us_median: '≤ 5',
  worst_body_ms: '≤ 5',
  node_vs_handwritten_ratio: '≥ 1.0',
  node_vs_bare_ratio: '≥ 0.75',
  node_p99_ms: `≤ ${handWritten.p99Ms} (hand-written)`,
  worker_gzip_kib: '≤ 30',
  lambda_import_ms: '≤ 20',
}
console.table(Object.entries(results).map(([figure, value]) => ({ figure, value, goal: goals[figure] ?? '' })))
console.table(worst)
