import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmulator } from 'voitex-trigger/emulator'
import callers from '../../demo/callers.json' with { type: 'json' }
import { CLI_TIMEOUT_MS, cliCommand, runCli } from '../helpers/cli.ts'
import { testServer } from '../helpers/matrix.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'

const emulatorSettings = (url: string) => ({ VOITEX_AUTH_KEY: 'test-key', VOITEX_API_URL: url })

// Capture real traffic and replay it against a changed flow. The traffic: the demo's scenarios, run by the simulator
// against `npm start` with TRIGGER_CAPTURE=1. The changed flows: copies of demo/flow.ts made here (inside the
// repository, so they resolve its packages), with new wording on two routes, or one route that now throws.
mkdirSync('.tmp', { recursive: true })
const work = resolve(mkdtempSync(join('.tmp', 'replay-')))
const captureFile = join(work, 'capture.jsonl')
const logStream = join(work, 'log-stream.txt')

type Edits = readonly [from: string, to: string][]

/** A demo file edited: each `from` must be found, so a change to the demo fails here loudly. */
function edited(file: string, edits: Edits): string {
  let text = readFileSync(file, 'utf8')
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}`)
    text = text.replace(from, to)
  }
  return text
}

/** A copy of the demo app with its flow (and app) edited; its app module's path. */
function demoCopy(name: string, flowEdits: Edits, appEdits: Edits = []): string {
  const dir = join(work, name)
  mkdirSync(dir)
  writeFileSync(join(dir, 'flow.ts'), edited('demo/flow.ts', flowEdits))
  writeFileSync(join(dir, 'app.ts'), edited('demo/app.ts', appEdits))
  return join(dir, 'app.ts')
}

const reworded = demoCopy('reworded', [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the flow's source text, placeholders and all
  ['your order #${caller.order.id} is ${caller.order.status}.', 'order ${caller.order.id}: ${caller.order.status}.'],
  ['Our office is closed.', 'We are closed right now.'],
])
const broken = demoCopy('broken', [
  [
    "return reply()\n    .route('billing')",
    "throw new Error('billing moved')\n  return reply()\n    .route('billing')",
  ],
])

beforeAll(async () => {
  const port = await freePort()
  const server = await spawnUntil('npm', ['start'], /Try it:/, {
    env: { ...process.env, PORT: String(port), TRIGGER_CAPTURE: '1', TRIGGER_CAPTURE_FILE: captureFile },
    timeoutMs: CLI_TIMEOUT_MS,
  })
  try {
    const run = await runCli(['scenarios', '--url', `http://127.0.0.1:${port}`])
    if (run.code !== 0) throw new Error(`the demo's scenarios failed:\n${run.stdout}${run.stderr}`)
  } finally {
    // SIGTERM: the server drains and flushes its capture lines before it exits.
    await server.stop()
  }
  writeFileSync(logStream, server.output())
}, 2 * CLI_TIMEOUT_MS)

afterAll(() => rmSync(work, { recursive: true, force: true }))

const replay = (...args: string[]) => runCli(['replay', ...args])

describe('voitex-trigger replay', { timeout: CLI_TIMEOUT_MS }, () => {
  it('finds the capture lines in the whole log stream of npm start, and one per exchange in the capture file', () => {
    const stream = readFileSync(logStream, 'utf8').split('\n')
    const inStream = stream.filter((line) => line.includes('"event":"capture"'))
    expect(stream.filter((line) => line.includes('"event":"trigger"'))).toHaveLength(inStream.length)
    expect(readFileSync(captureFile, 'utf8').trim().split('\n')).toEqual(inStream)
  })

  it('against the unchanged flow: every exchange the same, exit code 0 (other log lines skipped)', async () => {
    const { code, stdout } = await replay(logStream)
    expect(stdout).toMatch(/\n(\d+) exchanges: \1 same, 0 changed, 0 now a fallback\n/)
    expect(stdout).not.toContain('Changed routes')
    expect(code).toBe(0)
  })

  it('against a reworded copy: exit code 1, naming exactly the changed routes, with a diff of each', async () => {
    const { code, stdout } = await replay(captureFile, '--app', reworded)
    expect(stdout).toContain('\nChanged routes: after-hours, order\n')
    expect(stdout).toContain(
      '    play[0].text: "Hi John, your order #1234 is out for delivery." → "Hi John, order 1234: out for delivery."',
    )
    expect(stdout).toMatch(/~ changed +after-hours: call SIM\S+, trigger lookup, line \d+/)
    expect(code).toBe(1)
  })

  it('--json: the same verdicts for machines', async () => {
    const { code, stdout } = await replay(captureFile, '--app', reworded, '--json')
    const report = JSON.parse(stdout) as {
      changedRoutes: string[]
      fallback: number
      results: { status: string; route: { before: string }; diff: { path: string }[] }[]
    }
    expect(report.changedRoutes).toEqual(['after-hours', 'order'])
    expect(report.fallback).toBe(0)
    const changed = report.results.filter((result) => result.status !== 'same')
    expect(changed.map((result) => result.diff.map((difference) => difference.path))).toEqual(
      changed.map(() => ['play[0].text']),
    )
    expect(code).toBe(1)
  })

  it('--version next: every exchange answered by the next version, what giving it a share would change', async () => {
    const { code, stdout } = await replay(captureFile, '--version', 'next')
    expect(stdout).toMatch(/~ changed +after-hours → billing: call SIM/)
    expect(stdout).toContain('\nChanged routes: after-hours\n')
    expect(code).toBe(1)
  })

  it('--version of a version the app does not have: a usage error naming the ones it has', async () => {
    const { code, stderr } = await replay(captureFile, '--version', 'nope')
    expect(stderr).toContain('--version nope: your app has no such version (its versions: stable, next)')
    expect(code).toBe(2)
  })

  it('against a copy whose billing route now throws: that route is now a fallback', async () => {
    const { code, stdout } = await replay(captureFile, '--app', broken)
    expect(stdout).toMatch(/! fallback +billing → \(no route\) \(flow_error\): call SIM/)
    expect(stdout).toContain('\nChanged routes: billing\n')
    expect(code).toBe(1)
  })

  it('--live-store looks callers up again: a caller whose record changed is answered differently', async () => {
    const edited = callers.map((caller) =>
      caller.phone === '+18459511000' ? { ...caller, order: { id: '1234', status: 'delivered' } } : caller,
    )
    const file = join(work, 'callers-now.json')
    writeFileSync(file, JSON.stringify(edited))
    const recorded = await replay(captureFile, '--callers', file)
    expect(recorded.code).toBe(0)
    const live = await replay(captureFile, '--live-store', '--callers', file)
    expect(live.stdout).toContain('"Hi John, your order #1234 is delivered."')
    expect(live.stdout).toContain('\nChanged routes: order\n')
    expect(live.code).toBe(1)
  })

  it('sends nothing a flow runs through deps.once: the recorded exchange already did', async () => {
    const emulator = createEmulator()
    const server = await testServer(emulator.app)
    try {
      // The demo with its Voitex settings written into the app, so even an empty environment texts receipts.
      const texting = demoCopy(
        `texting-${server.port}`,
        [],
        [['services: demoServices', `services: () => demoServices(${JSON.stringify(emulatorSettings(server.url))})`]],
      )
      const { code, stdout } = await replay(captureFile, '--app', texting)
      expect(stdout).toMatch(/\n(\d+) exchanges: \1 same/)
      expect(code).toBe(0)
      expect(emulator.state.sms).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('a file with no capture line: exit code 2, saying what it expected', async () => {
    const file = join(work, 'no-captures.log')
    writeFileSync(file, '{"level":"info","event":"trigger"}\nplain text\n')
    const { code, stderr } = await replay(file)
    expect(stderr).toContain('no capture lines in')
    expect(code).toBe(2)
  })
})

describe('voitex-trigger replay --url', { timeout: CLI_TIMEOUT_MS }, () => {
  let server: Spawned
  let base = ''
  beforeAll(async () => {
    const port = await freePort()
    server = await spawnUntil(...cliCommand(['dev', '--app', reworded, '--port', String(port)]), /Try it:/, {
      env: { ...process.env, TSX_TSCONFIG_PATH: resolve('tsconfig.json') },
      timeoutMs: CLI_TIMEOUT_MS,
    })
    base = `http://127.0.0.1:${port}`
  }, CLI_TIMEOUT_MS)
  afterAll(() => server?.stop())

  it('sends each request to a running endpoint and compares what it answers', async () => {
    const { code, stdout } = await replay(captureFile, '--url', base)
    expect(stdout).toContain(`against ${base}`)
    expect(stdout).toContain('\nChanged routes: after-hours, order\n')
    expect(code).toBe(1)
  })
})
