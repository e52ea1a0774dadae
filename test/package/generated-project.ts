import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { type Finished, freePort, runToEnd, type Spawned, spawnUntil } from '../helpers/processes.ts'

/**
 * A new user's project from the packed tarball, in an empty folder, for each platform choice: `npm pack`, `npx
 * voitex-trigger init`, `npm install`, then its own scripts. Installs from the npm registry (through the local cache):
 * every step has its own generous timeout.
 */
export const STEP_MS = 300_000

/** The vendors' tools, quiet and offline. */
export const QUIET = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
}

const INSTALL = ['--prefer-offline', '--no-audit', '--no-fund']

/** A step must succeed; when it does not, the failure shows what it printed. What it printed comes back. */
async function succeeded(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Finished> {
  const result = await runToEnd(command, args, { cwd, env: { ...process.env, ...QUIET, ...env } })
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`)
  return result
}

/** A step must succeed (see `succeeded`). Its stdout comes back. */
export async function ok(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  return (await succeeded(command, args, cwd, env)).stdout
}

export interface Packed {
  readonly tarball: string
  readonly size: number
  readonly entryCount: number
}

/** `npm pack` of this repository into `folder`. */
export async function pack(folder: string): Promise<Packed> {
  const json = await ok('npm', ['pack', '--json', '--pack-destination', folder], process.cwd())
  const [info] = JSON.parse(json) as { filename: string; size: number; entryCount: number }[]
  if (!info) throw new Error(`npm pack printed no file:\n${json}`)
  return { tarball: join(folder, info.filename), size: info.size, entryCount: info.entryCount }
}

/** What `npm install` of a project costs: time, node_modules on disk (`du -sm`, as the issue measured), packages. */
interface Footprint {
  readonly installSeconds: number
  readonly diskMB: number
  readonly packages: number
}

export interface GeneratedProject {
  readonly folder: string
  readonly footprint: Footprint
  /** When init started (ms since the epoch), for init → first green test. */
  readonly startedAt: number
}

/** `npx voitex-trigger init my-line [--platform …]` from the tarball in a new empty folder, then `npm install`. */
export async function generateProject(tarball: string, platforms?: string): Promise<GeneratedProject> {
  const root = mkdtempSync(join(tmpdir(), `voitex-${platforms?.replaceAll(',', '-') ?? 'all'}-`))
  const startedAt = Date.now()
  const choice = platforms ? ['--platform', platforms] : []
  // No --package: init depends on the tarball npx ran it from, as a user's `npx --package ./x.tgz …` gets.
  const init = ['init', 'my-line', ...choice]
  await ok('npm', ['exec', '--yes', ...INSTALL, `--package=${tarball}`, '--', 'voitex-trigger', ...init], root)
  const folder = join(root, 'my-line')
  const installStart = performance.now()
  const install = await succeeded('npm', ['install', ...INSTALL], folder)
  const installSeconds = (performance.now() - installStart) / 1000
  // npm 11.16+ lists each install script the project's allowScripts does not review (npm 12 skips them): none here.
  expect(install.stderr).not.toContain('not yet covered by allowScripts')
  const du = (await ok('du', ['-sm', 'node_modules'], folder)).split('\t')[0]
  const lock = JSON.parse(readFileSync(join(folder, 'package-lock.json'), 'utf8')) as { packages: object }
  const footprint = {
    installSeconds: Math.round(installSeconds * 10) / 10,
    diskMB: Number(du),
    packages: Object.keys(lock.packages).filter((path) => path.includes('node_modules/')).length,
  }
  console.log(`${platforms ?? 'all four'}: ${JSON.stringify(footprint)}  (${folder})`)
  return { folder, footprint, startedAt }
}

/** The project's own `npm test`, green: type-check, its unit tests, its scenarios, its map lint. */
export async function passesItsOwnTests(project: GeneratedProject): Promise<void> {
  const output = await ok('npm', ['test'], project.folder)
  expect(output).toContain('5 passed')
  expect(output).toContain('2 passed, 0 failed')
  console.log(`init → first green npm test: ${((Date.now() - project.startedAt) / 1000).toFixed(0)} s`)
}

/** The generated flow's answer to the vendor's request sample: its caller is no patient. */
export const SAMPLE_ANSWER = { goto: '0', play: [{ type: 'tts', text: 'Welcome. Let me take you to the main menu.' }] }

/** The token every local run is started with: passed from the environment to the function. */
const TOKEN = 'e2e-token'

/** POST a Trigger request to a running local platform. */
export function trigger(base: string, body: unknown, token: string | undefined = TOKEN): Promise<Response> {
  return fetch(`${base}/trigger${token ? `?token=${token}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

export interface LocalRun {
  readonly base: string
  readonly process: Spawned
}

/** `npm run <script>` (or `npm start`) in the project on a free PORT, until it prints `ready`. */
export async function startScript(
  project: GeneratedProject,
  script: string,
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<LocalRun> {
  const port = await freePort()
  const args = script === 'start' ? ['start'] : ['run', script]
  const started = await spawnUntil('npm', args, ready, {
    cwd: project.folder,
    env: { ...process.env, ...QUIET, PORT: String(port), TRIGGER_TOKEN: TOKEN, ...env },
    timeoutMs: STEP_MS,
  })
  return { base: `http://127.0.0.1:${port}`, process: started }
}

/** The emulator's Auth-Key in these runs: the project's app reads VOITEX_AUTH_KEY, the emulator accepts it. */
const AUTH_KEY = 'e2e-key'

export interface Emulator {
  /** What the app's VOITEX_API_URL and VOITEX_AUTH_KEY are set to. */
  readonly settings: { VOITEX_API_URL: string; VOITEX_AUTH_KEY: string }
  sms(): Promise<{ to: string; body: string }[]>
  stop(): Promise<void>
}

/** The project's `npm run emulator` on a free port. */
export async function startEmulator(project: GeneratedProject): Promise<Emulator> {
  const port = await freePort()
  const started = await spawnUntil('npm', ['run', 'emulator'], /Voitex API emulator on/, {
    cwd: project.folder,
    env: { ...process.env, EMULATOR_PORT: String(port), VOITEX_AUTH_KEY: AUTH_KEY },
    timeoutMs: STEP_MS,
  })
  const url = `http://127.0.0.1:${port}`
  return {
    settings: { VOITEX_API_URL: url, VOITEX_AUTH_KEY: AUTH_KEY },
    async sms() {
      const response = await fetch(`${url}/_emulator/state`, { headers: { 'Auth-Key': AUTH_KEY } })
      return ((await response.json()) as { sms: { to: string; body: string }[] }).sms
    },
    stop: () => started.stop(),
  }
}

/** A patient added to the project's callers: the text to them marks that earlier deferred work has run. */
const SENTINEL = { phone: '+12125550122', name: 'Ana', appointment: { day: 'Tuesday', time: '09:30' } }

/** Add the sentinel patient to callers.json, before a local run loads it. */
export function addSentinelPatient(project: GeneratedProject): void {
  const file = join(project.folder, 'callers.json')
  const callers = JSON.parse(readFileSync(file, 'utf8')) as unknown[]
  writeFileSync(file, JSON.stringify([...callers, SENTINEL], null, 2))
}

/** A Trigger request from a patient with an appointment, after pressing 1 at the main menu. */
function appointmentCall(callId: string, cid: string) {
  return {
    call_id: callId,
    cid,
    did: '8005550100',
    date_time: '2026-03-02 10:00:00',
    branch_data: [{ branch: '0', input: '1' }],
  }
}

/** Wait for a condition the system reaches by itself (an SMS arriving), with a generous bound. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`${what}: not seen within 60 s (last: ${JSON.stringify(value)})`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * The platform delivers the same Trigger twice: the patient gets one text. A third call, from another patient, is
 * sent after both were answered; once its text has arrived, the duplicate's work has had its turn too.
 */
export async function deliveredTwiceLeavesOneSms(run: LocalRun, emulator: Emulator): Promise<void> {
  const request = appointmentCall('e2e-call-1', '2125550100')
  for (const delivery of [1, 2]) {
    const response = await trigger(run.base, request)
    expect(response.status, `delivery ${delivery}`).toBe(200)
    expect(await response.json()).toMatchObject({ inputs: { 1: '300', 2: '200' } })
  }
  await trigger(run.base, appointmentCall('e2e-call-2', '2125550122'))
  const sms = await eventually(
    () => emulator.sms(),
    (all) => all.some((message) => message.to === '2125550122'),
    "the other patient's text",
  )
  expect(sms.filter((message) => message.to === '2125550100')).toEqual([
    expect.objectContaining({ body: expect.stringContaining('Monday at 10:00') }),
  ])
}

/** The vendor's request sample gets the project's own flow's answer; without the token, a refusal. */
export async function answersTheSample(run: LocalRun, sample: unknown): Promise<void> {
  const response = await trigger(run.base, sample)
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual(SAMPLE_ANSWER)
  // TRIGGER_TOKEN reached the function from the environment: a request without it is refused.
  expect((await trigger(run.base, sample, '')).status).toBe(401)
}
