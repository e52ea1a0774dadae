import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDynamo, resolveVariables } from '../../cli/dev-lambda.ts'
import { envFileArgs } from '../../cli/dev-worker.ts'
import { projectSettingNames, settingNames, settingsFromEnvironment } from '../../cli/platform-dev.ts'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'
import { expectStopsOnSigterm, freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'

// The local platform scripts on this repository's demo (a generated project too): `npm run dev:worker`,
// `dev:lambda` and `dev:vercel`, each on a free PORT, each answering with callers loaded as the script loads them.
// The same scripts in projects generated from the packed package: test/e2e/platform-*.test.ts.
const STEP_MS = 180_000
const TOKEN = 'dev-token'
const QUIET = { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', SLS_TELEMETRY_DISABLED: '1' }

/** John, a caller of demo/callers.json with an order: found only when the script loaded the callers. */
const JOHN = {
  call_id: 'dev-1',
  cid: '8459511000',
  did: '8459511110',
  date_time: '2023-07-20 11:35:35',
  branch_data: [],
}

async function start(
  script: string,
  ready: RegExp,
  args: readonly string[] = [],
): Promise<{ base: string; process: Spawned }> {
  const port = await freePort()
  const process_ = await spawnUntil('npm', ['run', script, '--', ...args], ready, {
    env: { ...process.env, ...QUIET, PORT: String(port), TRIGGER_TOKEN: TOKEN },
    timeoutMs: STEP_MS,
  })
  return { base: `http://127.0.0.1:${port}`, process: process_ }
}

/** Whether anything still answers at `base`. */
function answering(base: string): Promise<boolean> {
  return fetch(`${base}/health`).then(
    () => true,
    () => false,
  )
}

function post(base: string, token?: string): Promise<Response> {
  return fetch(`${base}/trigger${token ? `?token=${token}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(JOHN),
  })
}

describe.each([
  // A new local state folder: the KV holds only what this run loaded.
  { script: 'dev:worker', ready: /Ready on/, args: () => ['--persist-to', mkdtempSync(join(tmpdir(), 'dev-worker-'))] },
  { script: 'dev:lambda', ready: /Server ready/, args: () => [] },
])('npm run $script', { timeout: STEP_MS }, ({ script, ready, args }) => {
  let run: { base: string; process: Spawned }
  beforeAll(async () => {
    run = await start(script, ready, args())
  }, STEP_MS)
  afterAll(() => run?.process.stop())

  it('answers from the callers it loaded from demo/callers.json', async () => {
    const response = await post(run.base, TOKEN)
    expect(response.status).toBe(200)
    const answer = (await response.json()) as { play: unknown[] }
    expect(answer.play[0]).toEqual({ type: 'tts', text: 'Hi John, your order #1234 is out for delivery.' })
  })

  it('passes TRIGGER_TOKEN from the environment: a Trigger without it is refused', async () => {
    expect((await post(run.base)).status).toBe(401)
  })
})

// Given any --env-file, wrangler reads neither .dev.vars nor .env: dev:worker hands them over itself, its own file last
// (later files win), so a secret kept in .dev.vars still reaches the Worker and the environment overrides it.
describe("dev:worker's env files for wrangler", () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'dev-worker-env-'))

  it("passes the project's .dev.vars first, then the settings from the environment", () => {
    const dir = folder()
    writeFileSync(join(dir, '.dev.vars'), 'TRIGGER_TOKEN="from-file"\n')
    writeFileSync(join(dir, '.env'), 'TRIGGER_TOKEN="ignored"\n')
    expect(envFileArgs(dir, '/tmp/ours.env')).toEqual([
      '--env-file',
      join(dir, '.dev.vars'),
      '--env-file',
      '/tmp/ours.env',
    ])
  })

  it('passes .env and .env.local when there is no .dev.vars, as wrangler would read them', () => {
    const dir = folder()
    writeFileSync(join(dir, '.env'), 'A=1\n')
    writeFileSync(join(dir, '.env.local'), 'A=2\n')
    expect(envFileArgs(dir, '/tmp/ours.env')).toEqual([
      '--env-file',
      join(dir, '.env'),
      '--env-file',
      join(dir, '.env.local'),
      '--env-file',
      '/tmp/ours.env',
    ])
  })

  it('passes only the settings from the environment when the project has no env file', () => {
    expect(envFileArgs(folder(), '/tmp/ours.env')).toEqual(['--env-file', '/tmp/ours.env'])
  })
})

describe('npm run dev:vercel', { timeout: STEP_MS }, () => {
  let run: { base: string; process: Spawned }
  beforeAll(async () => {
    run = await start('dev:vercel', /dev:vercel: api\/index\.ts at/)
  }, STEP_MS)
  afterAll(() => run?.process.stop())

  it('serves api/index.ts on every path, with TRIGGER_TOKEN from the environment and the callers of the project', async () => {
    const response = await post(run.base, TOKEN)
    expect(response.status).toBe(200)
    // No REDIS_URL: the entry reads demo/callers.json (CALLERS_FILE, set by the script), as npm start does.
    const answer = (await response.json()) as { play: unknown[] }
    expect(answer.play[0]).toEqual({ type: 'tts', text: 'Hi John, your order #1234 is out for delivery.' })
    expect((await post(run.base)).status).toBe(401)
  })

  it("refuses a browser's request from another site, as dev does: a page cannot drive the local function", async () => {
    const response = await fetch(`${run.base}/trigger?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify(JOHN),
    })
    expect(response.status).toBe(403)
  })
})

describe('npm run dev:lambda without TRIGGER_TOKEN', { timeout: STEP_MS }, () => {
  it('says at start that every Trigger will be refused, and why', async () => {
    const port = await freePort()
    const { TRIGGER_TOKEN: _unset, ...env } = process.env
    const run = await spawnUntil('npm', ['run', 'dev:lambda'], /Server ready/, {
      env: { ...env, ...QUIET, PORT: String(port) },
      timeoutMs: STEP_MS,
    })
    try {
      expect(run.output()).toContain('dev:lambda: TRIGGER_TOKEN is not set, so serverless.yml passes')
      expect((await post(`http://127.0.0.1:${port}`)).status).toBe(401)
    } finally {
      await run.stop()
    }
  })
})

describe('dev:worker where there is no wrangler.toml', { timeout: CLI_TIMEOUT_MS }, () => {
  it('says so in one line and how to get one, before importing any caller', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'no-worker-'))
    writeFileSync(join(folder, 'callers.json'), '[{"phone":"8455550101"}]')
    const { code, stderr } = await runCli(['dev:worker', '--callers', 'callers.json'], { cwd: folder })
    expect(code).toBe(2)
    expect(stderr.trim()).toBe(
      "voitex-trigger: wrangler.toml: no such file here (dev:worker runs the Worker wrangler.toml declares: run it in your project's folder, or make a Workers project with `voitex-trigger init --platform workers`)",
    )
  })
})

describe("dev:lambda's reading of serverless.yml", () => {
  const text = readFileSync('serverless.yml', 'utf8')

  it('finds the tables serverless.yml declares, named for the stage, with their keys', async () => {
    const { tables } = await localDynamo(text)
    expect(tables.map((table) => [table.TableName, table.KeySchema])).toEqual([
      ['voitex-trigger-dev-callers', [{ AttributeName: 'phone', KeyType: 'HASH' }]],
      ['voitex-trigger-dev-claims', [{ AttributeName: 'key', KeyType: 'HASH' }]],
    ])
    expect((await localDynamo(text, 'prod')).tables.map((table) => table.TableName)).toEqual([
      'voitex-trigger-prod-callers',
      'voitex-trigger-prod-claims',
    ])
  })

  it(
    'refuses a broken serverless.yml in one line that names it, before starting anything',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'dev-lambda-'))
      writeFileSync(join(folder, 'serverless.yml'), "service: 'unterminated\n")
      const { code, stdout, stderr } = await runCli(['dev:lambda'], { cwd: folder })
      expect(stderr).toMatch(/^voitex-trigger: serverless\.yml: Missing closing 'quote at line 2[^\n]*\n$/)
      expect(stdout).toBe('')
      expect(code).toBe(2)
    },
    CLI_TIMEOUT_MS,
  )

  it('reads the callers table from the function environment', async () => {
    expect((await localDynamo(text)).environment.CALLERS_TABLE).toBe('voitex-trigger-dev-callers')
  })

  it('resolves env variables with their fallbacks, and leaves sources it cannot read unresolved', () => {
    // serverless.yml's `${…}`, written here without making these template strings.
    const variable = (inner: string) => `\${${inner}}`
    expect(resolveVariables(variable("env:VOITEX_TEST_UNSET, 'fallback'"), {}, {})).toBe('fallback')
    expect(resolveVariables(variable('ssm:/secret'), {}, {})).toBe(variable('ssm:/secret'))
    expect(resolveVariables(`${variable('self:a.b')}-x`, { a: { b: 'nested' } }, {})).toBe('nested-x')
  })
})

describe('the settings a local run passes', () => {
  it("are the engine's and the app's, and only those the environment sets", () => {
    expect(settingNames()).toEqual([
      'TRIGGER_TOKEN',
      'TIME_ZONE',
      'TRIGGER_CAPTURE',
      'TRIGGER_ONCE_WHEN_DOWN',
      'TRIGGER_SECRET_NAMES',
      'TRIGGER_VERSIONS',
      'VOITEX_AUTH_KEY',
      'VOITEX_API_URL',
    ])
    expect(settingsFromEnvironment(settingNames(), { TRIGGER_TOKEN: 't', PATH: '/bin', VOITEX_API_URL: 'u' })).toEqual([
      ['TRIGGER_TOKEN', 't'],
      ['VOITEX_API_URL', 'u'],
    ])
  })

  it('are those the app declares: a setting added to the declaration is passed with no other edit', async () => {
    mkdirSync('.tmp', { recursive: true })
    const dir = mkdtempSync(join(resolve('.tmp'), 'declared-'))
    const app = join(dir, 'app.ts')
    writeFileSync(
      app,
      [
        "import { createTriggerApp, defineFlow, reply } from 'voitex-trigger'",
        "import * as z from 'zod/mini'",
        "const flow = defineFlow({ name: 'clinic', decide: () => reply().goto('1') })",
        'export default createTriggerApp({ flows: flow, settings: z.object({ CLINIC_NAME: z.string() }) })',
      ].join('\n'),
    )
    const names = await projectSettingNames({ ...EMPTY_PROJECT, app })
    expect(names).toContain('CLINIC_NAME')
    expect(names).toContain('TRIGGER_TOKEN')
    expect(names).not.toContain('VOITEX_AUTH_KEY')
    expect(await projectSettingNames({ ...EMPTY_PROJECT, app: 'demo/app.ts' })).toContain('VOITEX_API_URL')
  })
})

const EMPTY_PROJECT = {
  configFile: undefined,
  app: undefined,
  map: undefined,
  scenarios: undefined,
  callers: undefined,
  schema: undefined,
  settings: {},
}

// A generated project's `"dev:lambda": "voitex-trigger dev:lambda"` (no exec, so that it also runs where there is no
// POSIX shell) leaves a shell between npm and the CLI, which dies on npm's SIGTERM without passing it on.
describe('dev:lambda under a shell that does not pass signals on, told to stop', { timeout: STEP_MS }, () => {
  it('stops serverless offline once the shell is gone', async () => {
    const port = await freePort()
    const shell = await spawnUntil('sh', ['-c', 'node --import tsx cli/main.ts dev:lambda'], /Server ready/, {
      env: { ...process.env, ...QUIET, PORT: String(port), TRIGGER_TOKEN: TOKEN },
      timeoutMs: STEP_MS,
    })
    await expectStopsOnSigterm(shell, () => answering(`http://127.0.0.1:${port}`))
  })
})
