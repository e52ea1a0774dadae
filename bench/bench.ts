import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { gzipSync } from 'node:zlib'
import { app as demoApp } from '../demo/app.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import { demoFlow } from '../demo/flow.ts'
import { answerTrigger, memoryStore, silentLogger, type TriggerRuntime } from '../src/index.ts'
import { BODIES, load, startNodeServer } from './support.ts'

// `npm run bench`: one table, measured in one run on this machine, written to bench/results.json.
const kib = (bytes: number) => Number((bytes / 1024).toFixed(1))
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

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

// 1. The core decision for the demo flow, in-process: parse, look up, decide, check, serialise, log (silently).
async function decisionMicros(iterations = 50_000) {
  const runtime: TriggerRuntime = {
    store: memoryStore(callers),
    logger: silentLogger,
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
  const app = demoApp.handler({ store: memoryStore(callers), logger: silentLogger })
  const once = async (i: number) => {
    const response = await app.fetch(
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

// 2. The Node adapter against a bare Hono handler, same run, same load.
async function nodeVersusBare(seconds = 10) {
  const measure = async (file: string) => {
    const server = await startNodeServer(file)
    await load(server.url, 2, 10)
    const result = await load(server.url, seconds)
    await server.stop()
    return result
  }
  const bare = await measure('bench/bare-server.ts')
  const node = await measure('demo/node.ts')
  return { node, bare }
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

// 4. The Lambda package, as `serverless package` builds it, and how long its handler module takes to import.
function lambdaBundle(imports = 15) {
  execFileSync('serverless', ['package', '--package', 'dist-lambda'], { stdio: 'ignore' })
  const zip = 'dist-lambda/voitex-trigger.zip'
  rmSync('dist-lambda/extract', { recursive: true, force: true })
  mkdirSync('dist-lambda/extract', { recursive: true })
  execFileSync('python3', ['-c', `import zipfile; zipfile.ZipFile('${zip}').extractall('dist-lambda/extract')`])
  const handler = 'dist-lambda/extract/demo/lambda.mjs'
  const times: number[] = []
  for (let i = 0; i < imports; i++) {
    const script = `const t = performance.now(); await import('./${handler}'); process.stdout.write(String(performance.now() - t))`
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })))
  }
  times.sort((a, b) => a - b)
  return { bundle: statSync(handler).size, zip: statSync(zip).size, importMs: quantile(times, 0.5) }
}

const decision = await decisionMicros()
const http = await httpInProcessMicros()
const { node, bare } = await nodeVersusBare()
const worker = workerBundle()
const lambda = lambdaBundle()

const results = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  decision_us_median: Number(decision.median.toFixed(1)),
  decision_us_p99: Number(decision.p99.toFixed(1)),
  http_in_process_us_median: Number(http.median.toFixed(1)),
  http_in_process_us_p99: Number(http.p99.toFixed(1)),
  node_rps: Math.round(node.rps),
  node_p99_ms: node.p99Ms,
  bare_rps: Math.round(bare.rps),
  bare_p99_ms: bare.p99Ms,
  node_vs_bare_ratio: Number((node.rps / bare.rps).toFixed(2)),
  node_errors: node.errors + node.non2xx,
  worker_raw_kib: kib(worker.raw),
  worker_gzip_kib: kib(worker.gzip),
  lambda_bundle_kib: kib(lambda.bundle),
  lambda_zip_kib: kib(lambda.zip),
  lambda_import_ms: Number(lambda.importMs.toFixed(1)),
}
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`)

const goals: Record<string, string> = {
  decision_us_median: '≤ 20',
  node_vs_bare_ratio: '≥ 0.9',
  worker_gzip_kib: '≤ 35',
  lambda_bundle_kib: '≤ 150',
  lambda_import_ms: '≤ 30',
}
console.table(Object.entries(results).map(([figure, value]) => ({ figure, value, goal: goals[figure] ?? '' })))
