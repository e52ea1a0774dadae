import { execFile, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import autocannon from 'autocannon'
import { freePort } from '../adapters/node/_internal.ts'
import { compileEntry, compileStages, NODE_STAGES, nodeArguments, triggerRequests, whenHealthy } from './support.ts'

// `npm run bench:instructions`: the machine instructions each Node server executes per Trigger and one in-process
// decision executes, counted by valgrind (user space: a system call counts its few instructions, not the kernel's
// work). CPU time on this shared machine swings by a fifth between runs; these counts repeat within a few percent,
// so the servers' ratios and a change of a few percent in the engine's own work show in one run.
// - Servers: each runs under valgrind with counting off while it warms up (BENCH_WARM Triggers, 100,000 by default:
//   V8 optimises for the first tens of thousands), then counts BENCH_COUNT Triggers (10,000) at 8 connections. A
//   few late optimisations (~55 million instructions in every server alike) still land in the counted window.
// - `npm start` as the quick start runs it (through tsx): counted the same way.
// - The decision (bench/decision.ts): counted twice, 5,000 and 25,000 timed decisions after the same warm-up; the
//   difference per decision leaves start-up and warm-up out.
// `BENCH_BASELINE=<another checkout>` adds that checkout's decision and `serve(app)`. Needs valgrind
// (`apt-get install valgrind`). About 8 minutes (10 with a baseline), two processes at a time; writes
// bench/instructions-results.json.
const run = promisify(execFile)
const WARM = Number(process.env.BENCH_WARM ?? 100_000)
const COUNT = Number(process.env.BENCH_COUNT ?? 10_000)
const VALGRIND = ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file']

interface Contender {
  readonly name: string
  readonly count: () => Promise<number>
}

function collected(stderr: string, what: string): number {
  const count = /Collected : (\d+)/.exec(stderr)?.[1]
  if (!count) throw new Error(`valgrind counted nothing for ${what}:\n${stderr.slice(-2000)}`)
  return Number(count)
}

/** Instructions per decision of a compiled bench/decision.ts. */
async function perDecision(file: string): Promise<number> {
  const count = async (decisions: number) => {
    const { stderr } = await run('valgrind', [...VALGRIND, process.execPath, '--single-threaded', file], {
      env: { ...process.env, DECISIONS: String(decisions) },
      maxBuffer: 1 << 20,
      timeout: 900_000,
    })
    return collected(stderr, file)
  }
  const short = await count(5_000)
  const long = await count(25_000)
  return (long - short) / 20_000
}

/** Instructions per Trigger of a server file (compiled, or TypeScript through tsx, with `args`), after its warm-up. */
async function perTrigger(file: string, env: Record<string, string>, args: readonly string[] = []): Promise<number> {
  const port = await freePort()
  const node = [process.execPath, '--single-threaded', ...nodeArguments(file, args)]
  const child = spawn('valgrind', [...VALGRIND, '--instr-atstart=no', ...node], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000)
  })
  try {
    // Up to a minute: valgrind starts Node slowly.
    const server = await whenHealthy(child, `http://127.0.0.1:${port}`, `${file} under valgrind`, 60_000).catch(
      (error: Error) => Promise.reject(new Error(`${error.message}:\n${stderr.slice(-2000)}`)),
    )
    const triggers = async (amount: number) => {
      const result = await autocannon({
        url: `${server.url}/trigger`,
        connections: 8,
        amount,
        timeout: 60,
        requests: triggerRequests(),
      })
      if (result.errors + result.timeouts + result.non2xx > 0)
        throw new Error(`${file}: failed Triggers under valgrind`)
      return result.requests.total
    }
    await triggers(WARM)
    const control = (...args: string[]) => run('callgrind_control', [...args, String(child.pid)])
    await control('--instr=on')
    const counted = await triggers(COUNT)
    await control('--instr=off')
    await server.stop()
    return collected(stderr, file) / counted
  } finally {
    child.kill('SIGKILL')
  }
}

/** Run `tasks` two at a time (this machine's cores), in order. */
async function twoAtATime<T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    for (let index = next++; index < tasks.length; index = next++)
      results[index] = await (tasks[index] as () => Promise<T>)()
  }
  await Promise.all([worker(), worker()])
  return results
}

try {
  await run('valgrind', ['--version'])
} catch {
  console.error('bench:instructions counts with valgrind: install it first (apt-get install valgrind)')
  process.exit(1)
}
const baseline = process.env.BENCH_BASELINE
const stages = await compileStages({ ...NODE_STAGES, 'bare Hono': { file: 'bench/bare-server.ts' } })
const decision = await compileEntry('bench/decision.ts')
const contenders: Contender[] = [
  ...stages.map(([name, file, env]) => ({ name, count: () => perTrigger(file, env) })),
  { name: 'npm start', count: () => perTrigger('cli/main.ts', {}, ['dev']) },
  { name: 'in-process decision', count: () => perDecision(decision) },
]
if (baseline) {
  const baselineProd = await compileEntry(`${baseline}/bench/prod-server.ts`, 'baseline-prod-server')
  const baselineDecision = await compileEntry(`${baseline}/bench/decision.ts`, 'baseline-decision')
  contenders.push(
    { name: 'serve(app) compiled (baseline)', count: () => perTrigger(baselineProd, {}) },
    { name: 'in-process decision (baseline)', count: () => perDecision(baselineDecision) },
  )
}
const counts = await twoAtATime(contenders.map(({ count }) => count))
const instructions = Object.fromEntries(contenders.map(({ name }, index) => [name, Math.round(counts[index] ?? 0)]))
const of = (name: string) => instructions[name] ?? Number.NaN
const ratio = (a: string, b: string) => Number((of(a) / of(b)).toFixed(2))
const results = {
  date: new Date().toISOString(),
  warm_triggers: WARM,
  counted_triggers: COUNT,
  instructions_per_request: instructions,
  handwritten_vs_ours_instructions_ratio: ratio('hand-written', 'serve(app) compiled'),
  handwritten_vs_npm_start_instructions_ratio: ratio('hand-written', 'npm start'),
  ours_vs_raw_instructions_ratio: ratio('serve(app) compiled', 'raw node:http'),
}
console.table(Object.entries(instructions).map(([name, count]) => ({ name, 'instructions per request': count })))
console.log(
  `hand-written ÷ ours: ${results.handwritten_vs_ours_instructions_ratio} (npm start: ${results.handwritten_vs_npm_start_instructions_ratio}); ours ÷ raw node:http: ${results.ours_vs_raw_instructions_ratio}`,
)
writeFileSync('bench/instructions-results.json', `${JSON.stringify(results, null, 2)}\n`)
