import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { freePort } from '../adapters/node/_internal.ts'
import { SEED_REQUEST } from '../fixtures/seed.ts'

/** The demo's routes as request bodies, cycled by the load generator. */
export const BODIES = [
  JSON.stringify(SEED_REQUEST),
  JSON.stringify({ call_id: 'load-1', cid: '7325550184', did: '8459511110', date_time: '2023-07-20 11:35:35' }),
  JSON.stringify({ call_id: 'load-2', cid: '8459511000', did: '8459511110', date_time: '2023-07-20 11:35:35' }),
  JSON.stringify({
    call_id: 'load-3',
    cid: '2015550123',
    did: '8459511110',
    date_time: '2023-07-20 11:35:35',
    contact_info: 'null',
  }),
]

/** POST /trigger with each of `BODIES` in turn, as autocannon sends them, with `headers` added. */
export function triggerRequests(headers: Readonly<Record<string, string>> = {}) {
  return BODIES.map((body) => ({
    method: 'POST' as const,
    path: '/trigger',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  }))
}

/**
 * A Node server's stages, the floor first, then one part of ours added at a time, then ours and the hand-written
 * handler: what `npm run bench:stages` times and `npm run bench:instructions` counts. Each is a file and its env.
 */
export const NODE_STAGES: Readonly<Record<string, { readonly file: string; readonly env?: Record<string, string> }>> = {
  'raw node:http': { file: 'bench/raw-server.ts' },
  '+ our answer and headers': { file: 'bench/stage-server.ts', env: { BENCH_STAGE: 'answer' } },
  '+ our body read': { file: 'bench/stage-server.ts', env: { BENCH_STAGE: 'body' } },
  '+ a batched log line': { file: 'bench/stage-server.ts', env: { BENCH_STAGE: 'log' } },
  '+ the engine, a flow that answers at once': { file: 'bench/stage-app-server.ts', env: { BENCH_STAGE: 'decide' } },
  '+ a caller lookup': { file: 'bench/stage-app-server.ts', env: { BENCH_STAGE: 'lookup' } },
  'serve(app) compiled': { file: 'bench/prod-server.ts' },
  'hand-written': { file: 'bench/hand-written-server.ts' },
}

/** The token the production entries are given and their Triggers carry, as deployed. */
export const DEPLOYED_TOKEN = 'bench-token-0123456789abcdef'

export interface Server {
  readonly url: string
  readonly process: ChildProcess
  /** CPU time the server's process has used so far (user + system, all its threads), in µs. */
  cpuMicros(): number
  rssMiB(): number
  stop(): Promise<void>
}

/**
 * Compile a TypeScript entry (a server, the decision loop, a Worker) into one ESM file under .tmp/bench (esbuild, as a
 * user's build would): for plain Node with no loader, or for workerd as wrangler bundles a Worker (its `workerd` export
 * condition, and its default `keep_names = true`: every function JavaScript would name gets its name defined where it
 * is made, per request in a handler that makes them per request). Returns the compiled file.
 */
export async function compileEntry(
  file: string,
  name = file.replace(/^.*\//, '').replace(/\.ts$/, ''),
  runtime: 'node' | 'workerd' = 'node',
): Promise<string> {
  const { build } = await import('esbuild')
  const outfile = `.tmp/bench/${name}.mjs`
  await build({
    entryPoints: [file],
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    logLevel: 'warning',
    ...(runtime === 'workerd'
      ? { platform: 'browser', conditions: ['workerd', 'worker', 'browser'], keepNames: true }
      : {
          platform: 'node',
          target: 'node22',
          // Optional peers the entries never load.
          external: ['redis', '@aws-sdk/*', '@vercel/functions'],
          banner: {
            js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
          },
        }),
  })
  return outfile
}

/** Each stage as its name, its compiled file and its env, each file compiled once however many stages run it. */
export async function compileStages(
  stages: Readonly<Record<string, { readonly file: string; readonly env?: Record<string, string> }>>,
): Promise<[name: string, file: string, env: Record<string, string>][]> {
  const files = [...new Set(Object.values(stages).map(({ file }) => file))]
  const builds = new Map(await Promise.all(files.map(async (file) => [file, await compileEntry(file)] as const)))
  return Object.entries(stages).map(([name, { file, env = {} }]) => [name, builds.get(file) as string, env])
}

/**
 * `BENCH_PIN=1`: each server runs on the second CPU and the load generator (this process) on the first, so the
 * scheduler never puts the two on one core for part of a round (steadier figures; `taskset` from util-linux).
 */
const PINNED = process.env.BENCH_PIN === '1'
if (PINNED) execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })

/** A server's command line, on the server's CPU when `BENCH_PIN=1`: the program, then its arguments. */
export function serverCommand(...command: [string, ...string[]]): [string, ...string[]] {
  return PINNED ? ['taskset', '-c', '1', ...command] : command
}

/** Node's arguments to run `file` with `args`: TypeScript through tsx, a compiled `.mjs` as it is. */
export function nodeArguments(file: string, args: readonly string[] = []): string[] {
  return [...(file.endsWith('.mjs') ? [] : ['--import', 'tsx']), file, ...args]
}

/**
 * Start a server file in one Node process (its logs to /dev/null) and wait for /health: TypeScript through tsx, or a
 * compiled `.mjs` on plain Node.
 */
export async function startNodeServer(
  file: string,
  env: Record<string, string> = {},
  args: readonly string[] = [],
  cwd?: string,
): Promise<Server> {
  const port = await freePort()
  const [program, ...rest] = serverCommand(process.execPath, ...nodeArguments(file, args))
  const child = spawn(program, rest, {
    ...(cwd ? { cwd } : {}),
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return whenHealthy(child, `http://127.0.0.1:${port}`, file)
}

/** A server process once its /health answers (polled for up to `patienceMs`), with its CPU and memory readable. */
export async function whenHealthy(
  child: ChildProcess,
  url: string,
  name: string,
  patienceMs = 10_000,
): Promise<Server> {
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch {
      if (attempt > patienceMs / 50) throw new Error(`${name} did not start`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return {
    url,
    process: child,
    cpuMicros: () => cpuMicros(child.pid),
    rssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times (`getconf CLK_TCK`: 100 on Linux). */
const CLOCK_TICKS = 100

function cpuMicros(pid: number | undefined): number {
  // The fields after the command name (which may hold spaces, hence from the last ')'): utime is the 12th, stime 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6
}

export interface LoadResult {
  readonly requests: number
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly errors: number
  readonly non2xx: number
}

/** autocannon against POST /trigger, cycling the demo bodies, with `headers` added to each request. */
export async function load(
  url: string,
  seconds: number,
  connections = 50,
  headers: Readonly<Record<string, string>> = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/trigger`,
    connections,
    duration: seconds,
    requests: triggerRequests(headers),
  })
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

/** The value at quantile `q` of `sorted` (ascending); 0 for none. */
export const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

/** The median of `values`, in any order. */
export const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  )

/** Time each call of `once` (after `warmup` untimed calls): median and p99 in µs. */
export async function timeEach(once: (i: number) => Promise<unknown>, iterations: number, warmup: number) {
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
