import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { BODIES, DEPLOYED_TOKEN, median, quantile } from './support.ts'

const execFileAsync = promisify(execFile)

/** The deployable bundles `npm run bench` measures: their sizes, and the Lambda handler's import and invoke times. */

// 3. The Worker bundle, as `wrangler deploy --dry-run` builds it.
export function workerBundle() {
  execFileSync('wrangler', ['deploy', '--dry-run', '--outdir', 'dist-worker', '--minify'], {
    stdio: 'ignore',
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  })
  const code = readFileSync('dist-worker/worker.js')
  return { raw: code.length, gzip: gzipSync(code).length }
}

// 4. The Lambda package, as `npm run build:lambda` builds it, and how long its handler module takes to import.
export async function lambdaBundle(imports = 15) {
  rmSync('dist-lambda', { recursive: true, force: true })
  execFileSync('npm', ['run', 'build:lambda'], { stdio: 'ignore' })
  const zip = 'dist-lambda/voitex-trigger.zip'
  rmSync('dist-lambda/extract', { recursive: true, force: true })
  mkdirSync('dist-lambda/extract', { recursive: true })
  execFileSync('python3', ['-c', `import zipfile; zipfile.ZipFile('${zip}').extractall('dist-lambda/extract')`])
  const handler = 'dist-lambda/extract/bundle/lambda.mjs'
  const times: number[] = []
  const cpuTimes: number[] = []
  for (let i = 0; i < imports; i++) {
    // Wall clock, and the CPU the import used (less swayed by other jobs on the machine).
    const script = `const c = process.cpuUsage(); const t = performance.now(); await import('./${handler}'); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([performance.now() - t, (u.user + u.system) / 1000]))`
    // Deployed with a token, as it should be: the module then writes nothing to stdout while it loads.
    const env = { ...process.env, TRIGGER_TOKEN: DEPLOYED_TOKEN }
    const [wall, cpu] = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env }),
    ) as [number, number]
    times.push(wall)
    cpuTimes.push(cpu)
  }
  times.sort((a, b) => a - b)
  return {
    bundle: statSync(handler).size,
    zip: statSync(zip).size,
    importMs: quantile(times, 0.5),
    importCpuMs: median(cpuTimes),
    firstTriggerMs: (await coldStarts(handler, imports)).firstTriggerMs,
    handler,
    invokeUs: lambdaInvokeMicros(handler),
  }
}

/** An HTTP API v2 event of `body`, as API Gateway delivers a Trigger to a deployed function: with its token. */
const eventSource = `(body) => ({
  version: '2.0', routeKey: 'POST /trigger', rawPath: '/trigger', rawQueryString: '',
  headers: { 'content-type': 'application/json', authorization: 'Bearer ${DEPLOYED_TOKEN}' }, isBase64Encoded: false,
  body, requestContext: { stage: '$default', http: { method: 'POST', path: '/trigger' } },
})`

/** A cold start: the handler's import and its first Trigger (ms, medians), and how many first lookups found the caller. */
export interface ColdStart {
  readonly importMs: number
  readonly firstTriggerMs: number
  readonly found: number
  readonly runs: number
}

/**
 * Cold starts of the packaged handler in `runs` fresh processes, as deployed (a token set and carried): its import,
 * then the first Trigger, from a caller the demo's callers hold (a VIP, routed `vip` only when the lookup found her).
 */
export async function coldStarts(
  handler: string,
  runs: number,
  env: NodeJS.ProcessEnv = { CALLERS_TABLE: '' },
): Promise<ColdStart> {
  const script = `
    const start = performance.now()
    const { handler } = await import('./${handler}')
    const imported = performance.now()
    const event = ${eventSource}
    const answer = await handler(event(${JSON.stringify(BODIES[1])}))
    if (answer.statusCode !== 200) throw new Error('first Trigger answered ' + answer.statusCode)
    const route = answer.headers['x-trigger-route']
    process.stderr.write(JSON.stringify([imported - start, performance.now() - imported, route]))`
  const imports: number[] = []
  const firsts: number[] = []
  let found = 0
  for (let run = 0; run < runs; run++) {
    // Not spawnSync: a store served from this process (dynalite) must answer while the child runs.
    const { stderr } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, TRIGGER_TOKEN: DEPLOYED_TOKEN, ...env },
    }).catch((error: { stderr?: string }) => {
      throw new Error(`the packaged handler's first Trigger failed: ${error.stderr}`)
    })
    const [importMs, firstMs, route] = JSON.parse(stderr) as [number, number, string | undefined]
    imports.push(importMs)
    firsts.push(firstMs)
    if (route === 'vip') found++
  }
  return { importMs: median(imports), firstTriggerMs: median(firsts), found, runs }
}

/** The packaged handler invoked in one process with HTTP API v2 events of the demo's bodies, as deployed (a token):
 * median µs per invoke. */
function lambdaInvokeMicros(handler: string, iterations = 20_000): number {
  const script = `
    const { handler } = await import('./${handler}')
    const bodies = ${JSON.stringify(BODIES)}
    const event = ${eventSource}
    for (let i = 0; i < 5000; i++) await handler(event(bodies[i % 4]))
    const times = []
    for (let i = 0; i < ${iterations}; i++) {
      const start = process.hrtime.bigint()
      await handler(event(bodies[i % 4]))
      times.push(Number(process.hrtime.bigint() - start) / 1000)
    }
    times.sort((a, b) => a - b)
    process.stderr.write(String(times[Math.floor(times.length / 2)]))`
  // Its log lines (one per invoke) go to stdout, dropped here; the figure comes back on stderr.
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TRIGGER_TOKEN: DEPLOYED_TOKEN, CALLERS_TABLE: '' },
  })
  return Number(run.stderr)
}
