import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { resolve } from 'node:path'
import { app as demoApp } from '../demo/app.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import { startDynamo } from '../fixtures/dynalite.ts'
import { HOSTILE_BODIES } from '../fixtures/hostile.ts'
import { jsonLogger, memoryStore } from '../src/index.ts'
import { type ColdStart, coldStarts, lambdaBundle, workerBundle } from './bundles.ts'
import {
  BODIES,
  compileEntry,
  DEPLOYED_TOKEN,
  type LoadResult,
  load,
  median,
  type Server,
  startNodeServer,
  timeEach,
} from './support.ts'
import { startWorkerd } from './workerd.ts'

// `npm run bench`: one table, measured in one run on this machine, written to bench/results.json. Servers are compared
// side by side in alternating rounds, so a change in the machine's load hits all of them alike.
const kib = (bytes: number) => Number((bytes / 1024).toFixed(1))

// 1. The core decision for the demo flow, in-process, compiled as production code runs (bench/decision.ts).
async function decisionMicros(): Promise<{ median: number; p99: number }> {
  const loop = await compileEntry('bench/decision.ts')
  const run = spawnSync(process.execPath, [loop], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  return JSON.parse(run.stdout) as { median: number; p99: number }
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
  /** Sent with each request (a token). */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

interface Measured extends LoadResult {
  /** Server CPU (user + system) per answered request over the measured window, in µs. */
  readonly cpuUs: number
}

const CONTENDERS = [
  'npm start',
  'serve(app) compiled',
  'serve(app) with a token',
  'hand-written',
  'bare Hono',
  'raw node:http',
] as const
type ContenderName = (typeof CONTENDERS)[number]

/** The production entry as deployed: TRIGGER_TOKEN set, and each Trigger carrying it (checked on every request). */
const HEADERS: Partial<Record<ContenderName, Record<string, string>>> = {
  'serve(app) with a token': { authorization: `Bearer ${DEPLOYED_TOKEN}` },
}

/**
 * `BENCH_BASELINE=<another checkout of this repository>` adds its `npm start` and compiled `serve(app)` to the same
 * rounds (with this benchmark's bench/prod-server.ts copied there), so a change is measured before and after in one run.
 */
const BASELINE = process.env.BENCH_BASELINE

/** How to start each Node contender, compiled alike (esbuild, plain Node) but `npm start`, with `env` added. */
async function nodeStarts(): Promise<(env?: Record<string, string>) => Record<ContenderName, () => Promise<Server>>> {
  const [prod, handWritten, bare, raw] = await Promise.all(
    ['bench/prod-server.ts', 'bench/hand-written-server.ts', 'bench/bare-server.ts', 'bench/raw-server.ts'].map(
      (file) => compileEntry(file),
    ),
  )
  return (env = {}) => ({
    'npm start': () => startNodeServer('cli/main.ts', env, ['dev']),
    'serve(app) compiled': () => startNodeServer(prod as string, env),
    'serve(app) with a token': () => startNodeServer(prod as string, { ...env, TRIGGER_TOKEN: DEPLOYED_TOKEN }),
    'hand-written': () => startNodeServer(handWritten as string, env),
    'bare Hono': () => startNodeServer(bare as string, env),
    'raw node:http': () => startNodeServer(raw as string, env),
  })
}

// 2. Node servers at 50 connections, the demo's four bodies, alternating rounds (medians of the rounds): ours as
// `npm start` runs it (tsx) and the production `serve(app)` entry compiled; a hand-written Hono + zod handler; bare
// Hono; raw node:http. The other entries are compiled alike (esbuild, plain Node), so only the code differs.
async function nodeServers(rounds = 3, seconds = 8) {
  const starts = (await nodeStarts())()
  const contenders: Contender[] = CONTENDERS.map((name) => ({ name, start: starts[name], headers: HEADERS[name] }))
  if (BASELINE) {
    const baselineProd = await compileEntry(`${BASELINE}/bench/prod-server.ts`, 'baseline-prod-server')
    contenders.splice(
      2,
      0,
      { name: 'npm start (baseline)', start: () => startNodeServer('cli/main.ts', {}, ['dev'], BASELINE) },
      { name: 'serve(app) compiled (baseline)', start: () => startNodeServer(baselineProd) },
      {
        name: 'serve(app) with a token (baseline)',
        start: () => startNodeServer(baselineProd, { TRIGGER_TOKEN: DEPLOYED_TOKEN }),
        headers: HEADERS['serve(app) with a token'],
      },
    )
  }
  await sameAnswers(starts['hand-written'], [starts['npm start'], starts['serve(app) compiled']])
  return (await alternatingRounds(contenders, rounds, seconds)) as Record<ContenderName, Summary> &
    Record<string, Summary>
}

// 2c. Bytes each Node server allocates per request under the same load (bench/allocation-probe.ts): steady where CPU
// time swings with the machine, and what its garbage collection works through.
async function nodeAllocations(seconds = 5) {
  const probe = resolve(await compileEntry('bench/allocation-probe.ts'))
  const file = resolve('.tmp/bench/allocation.json')
  const starts = (await nodeStarts())({ NODE_OPTIONS: `--import=${probe}`, BENCH_ALLOCATION_FILE: file })
  const perRequest: Record<string, number> = {}
  for (const name of CONTENDERS) {
    const server = await starts[name]()
    await load(server.url, 2, 10, HEADERS[name])
    rmSync(file, { force: true })
    server.process.kill('SIGUSR2')
    await waitForFile(file, (text) => text === 'sampling')
    const { requests } = await load(server.url, seconds, 50, HEADERS[name])
    server.process.kill('SIGUSR2')
    const bytes = JSON.parse(await waitForFile(file, (text) => text.startsWith('{'))) as Record<string, number>
    await server.stop()
    perRequest[name] = Object.values(bytes).reduce((sum, each) => sum + each, 0) / requests
  }
  return perRequest
}

/** The text of `file` once `ready` says so (polled every 20 ms, for up to 10 s). */
async function waitForFile(file: string, ready: (text: string) => boolean): Promise<string> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined
    if (text !== undefined && ready(text)) return text
    await new Promise((wait) => setTimeout(wait, 20))
  }
  throw new Error(`${file}: the allocation probe wrote nothing`)
}

// 2b. Workers in workerd (the binary `wrangler dev` runs, no dev proxy), 50 connections, alternating rounds: the demo
// app through `toWorker`, the hand-written handler as a Worker, and the floor. CPU per request is workerd's process.
const WORKERS = ['toWorker(app)', 'hand-written Worker', 'raw Worker'] as const
type WorkerName = (typeof WORKERS)[number]

async function workerServers(rounds = 3, seconds = 8) {
  const starts: Record<WorkerName, () => Promise<Server>> = {
    'toWorker(app)': () => startWorkerd('bench/trigger-worker.ts'),
    'hand-written Worker': () => startWorkerd('bench/hand-written-worker.ts'),
    'raw Worker': () => startWorkerd('bench/raw-worker.ts'),
  }
  await sameAnswers(starts['hand-written Worker'], [starts['toWorker(app)']])
  const contenders = WORKERS.map((name) => ({ name, start: starts[name] }))
  return (await alternatingRounds(contenders, rounds, seconds)) as Record<WorkerName, Summary>
}

/** The same answers from ours and the hand-written handler, or the comparison means nothing. */
async function sameAnswers(reference: () => Promise<Server>, ours: readonly (() => Promise<Server>)[]) {
  const answers = async (server: Server) =>
    JSON.stringify(
      await Promise.all(
        BODIES.map(async (body) => (await fetch(`${server.url}/trigger`, { method: 'POST', body })).json()),
      ),
    )
  const server = await reference()
  const expected = await answers(server)
  await server.stop()
  for (const start of ours) {
    const candidate = await start()
    const same = (await answers(candidate)) === expected
    await candidate.stop()
    if (!same) throw new Error(`${candidate.url}: ours and the hand-written handler give different answers`)
  }
}

interface Summary {
  readonly rps: number
  readonly p99Ms: number
  readonly cpuUs: number
  readonly errors: number
}

/** Each contender started fresh, warmed, then loaded, in turn, `rounds` times: the medians of its rounds. */
async function alternatingRounds(
  contenders: readonly Contender[],
  rounds: number,
  seconds: number,
): Promise<Record<string, Summary>> {
  const results = new Map<string, Measured[]>(contenders.map((contender) => [contender.name, []]))
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      const server = await contender.start()
      await load(server.url, 2, 10, contender.headers)
      const cpuBefore = server.cpuMicros()
      const result = await load(server.url, seconds, 50, contender.headers)
      const cpuUs = (server.cpuMicros() - cpuBefore) / Math.max(1, result.requests)
      await server.stop()
      results.get(contender.name)?.push({ ...result, cpuUs })
      console.error(
        `round ${round + 1} ${contender.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99Ms} ms, ${cpuUs.toFixed(0)} µs CPU/request`,
      )
    }
  }
  const summary = (name: string): Summary => {
    const runs = results.get(name) ?? []
    return {
      rps: median(runs.map((run) => run.rps)),
      p99Ms: median(runs.map((run) => run.p99Ms)),
      cpuUs: median(runs.map((run) => run.cpuUs)),
      errors: runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0),
    }
  }
  return Object.fromEntries(contenders.map(({ name }) => [name, summary(name)]))
}

const decision = await decisionMicros()
const http = await httpInProcessMicros()
const worst = await worstBody()
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const seconds = Number(process.env.BENCH_SECONDS ?? 8)
const servers = await nodeServers(rounds, seconds)
const allocations = await nodeAllocations()
const workers = await workerServers(rounds, seconds)
const worker = workerBundle()
const lambda = await lambdaBundle()
const lambdaWithStore = await coldStartsWithStore(lambda.handler)

/**
 * The packaged handler's cold starts with its DynamoDB store (in-process dynalite holding the demo's callers), as
 * the demo deploys it: the import then includes the SDK's load, and the first lookup must find the caller.
 */
async function coldStartsWithStore(handler: string): Promise<ColdStart> {
  const dynamo = await startDynamo('callers')
  try {
    return await coldStarts(handler, 9, { CALLERS_TABLE: 'callers', DYNAMODB_ENDPOINT: dynamo.endpoint })
  } finally {
    await dynamo.close()
  }
}

const ratio = (a: number, b: number) => Number((a / b).toFixed(2))
const npmStart = servers['npm start']
const prod = servers['serve(app) compiled']
const withToken = servers['serve(app) with a token']
const handWritten = servers['hand-written']
const bare = servers['bare Hono']
const raw = servers['raw node:http']
const results = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  decision_us_median: Number(decision.median.toFixed(1)),
  decision_us_p99: Number(decision.p99.toFixed(1)),
  http_in_process_us_median: Number(http.median.toFixed(1)),
  http_in_process_us_p99: Number(http.p99.toFixed(1)),
  worst_body_ms: worst[0]?.ms ?? 0,
  worst_body: worst[0]?.body ?? '',
  rps: Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, Math.round(server.rps)])),
  p99_ms: Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.p99Ms])),
  cpu_us_per_request: Object.fromEntries(
    Object.entries(servers).map(([name, server]) => [name, Number(server.cpuUs.toFixed(1))]),
  ),
  node_vs_handwritten_ratio: ratio(npmStart.rps, handWritten.rps),
  prod_vs_handwritten_ratio: ratio(prod.rps, handWritten.rps),
  node_vs_raw_ratio: ratio(npmStart.rps, raw.rps),
  prod_vs_raw_ratio: ratio(prod.rps, raw.rps),
  node_vs_bare_ratio: ratio(npmStart.rps, bare.rps),
  handwritten_vs_ours_cpu_ratio: ratio(handWritten.cpuUs, prod.cpuUs),
  handwritten_vs_npm_start_cpu_ratio: ratio(handWritten.cpuUs, npmStart.cpuUs),
  allocated_kib_per_request: Object.fromEntries(Object.entries(allocations).map(([name, bytes]) => [name, kib(bytes)])),
  node_errors: npmStart.errors + prod.errors + withToken.errors,
  worker_rps: Object.fromEntries(Object.entries(workers).map(([name, worker]) => [name, Math.round(worker.rps)])),
  worker_p99_ms: Object.fromEntries(Object.entries(workers).map(([name, worker]) => [name, worker.p99Ms])),
  worker_cpu_us_per_request: Object.fromEntries(
    Object.entries(workers).map(([name, worker]) => [name, Number(worker.cpuUs.toFixed(1))]),
  ),
  worker_vs_handwritten_ratio: ratio(workers['toWorker(app)'].rps, workers['hand-written Worker'].rps),
  worker_handwritten_vs_ours_cpu_ratio: ratio(workers['hand-written Worker'].cpuUs, workers['toWorker(app)'].cpuUs),
  worker_errors: workers['toWorker(app)'].errors,
  ...baselineRatios(),
  worker_raw_kib: kib(worker.raw),
  worker_gzip_kib: kib(worker.gzip),
  lambda_bundle_kib: kib(lambda.bundle),
  lambda_zip_kib: kib(lambda.zip),
  lambda_import_ms: Number(lambda.importMs.toFixed(1)),
  lambda_import_cpu_ms: Number(lambda.importCpuMs.toFixed(1)),
  lambda_first_trigger_ms: Number(lambda.firstTriggerMs.toFixed(1)),
  lambda_with_store_import_ms: Number(lambdaWithStore.importMs.toFixed(1)),
  lambda_with_store_first_trigger_ms: Number(lambdaWithStore.firstTriggerMs.toFixed(1)),
  lambda_with_store_first_lookups_found: `${lambdaWithStore.found}/${lambdaWithStore.runs}`,
  lambda_invoke_us_median: Number(lambda.invokeUs.toFixed(1)),
}
/** With a baseline in the same rounds: its ratios, read the same way as ours. */
function baselineRatios() {
  const baselineNpmStart = servers['npm start (baseline)']
  const baselineProd = servers['serve(app) compiled (baseline)']
  if (!baselineNpmStart || !baselineProd) return {}
  return {
    baseline_node_vs_handwritten_ratio: ratio(baselineNpmStart.rps, handWritten.rps),
    baseline_prod_vs_handwritten_ratio: ratio(baselineProd.rps, handWritten.rps),
    baseline_node_vs_raw_ratio: ratio(baselineNpmStart.rps, raw.rps),
    baseline_prod_vs_raw_ratio: ratio(baselineProd.rps, raw.rps),
    baseline_handwritten_vs_ours_cpu_ratio: ratio(handWritten.cpuUs, baselineProd.cpuUs),
    baseline_handwritten_vs_npm_start_cpu_ratio: ratio(handWritten.cpuUs, baselineNpmStart.cpuUs),
  }
}
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`)

// The goals (ratios from this one run; absolute figures move with the machine's load).
const goals: Record<string, string> = {
  decision_us_median: '≤ 5',
  worst_body_ms: '≤ 5',
  node_vs_handwritten_ratio: '≥ 1.1',
  prod_vs_handwritten_ratio: '≥ 1.1',
  node_vs_raw_ratio: '≥ 0.6',
  prod_vs_raw_ratio: '≥ 0.6',
  handwritten_vs_ours_cpu_ratio: '≥ 1.2',
  handwritten_vs_npm_start_cpu_ratio: '≥ 1.2',
  worker_gzip_kib: '≤ 24',
  lambda_import_ms: '≤ 12',
  lambda_bundle_kib: '≤ 60',
}
console.table(
  Object.entries(servers).map(([name, server]) => ({
    server: name,
    'req/s': Math.round(server.rps),
    'p99 ms': server.p99Ms,
    'CPU µs/request': Number(server.cpuUs.toFixed(1)),
    'CPU ÷ raw': ratio(server.cpuUs, raw.cpuUs),
    'KiB allocated/request': name in allocations ? kib(allocations[name] ?? 0) : '',
    errors: server.errors,
  })),
)
console.table(
  Object.entries(workers).map(([name, worker]) => ({
    'Worker in workerd': name,
    'req/s': Math.round(worker.rps),
    'p99 ms': worker.p99Ms,
    'CPU µs/request': Number(worker.cpuUs.toFixed(1)),
    'CPU ÷ raw': ratio(worker.cpuUs, workers['raw Worker'].cpuUs),
    errors: worker.errors,
  })),
)
console.table(
  Object.entries(results)
    .filter(([, value]) => typeof value !== 'object')
    .map(([figure, value]) => ({ figure, value, goal: goals[figure] ?? '' })),
)
console.log(`p99 goal: ours ≤ the hand-written handler's (${handWritten.p99Ms} ms)`)
console.table(worst)
