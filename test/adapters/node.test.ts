import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { runCli } from '../helpers/cli.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'

// `npm start` itself, as a user runs it: `voitex-trigger dev` on the embedded store (demo/callers.json in memory).
async function npmStart(env: NodeJS.ProcessEnv = {}): Promise<{ server: Spawned; base: string }> {
  const port = await freePort()
  const server = await spawnUntil('npm', ['start'], /Try it:/, {
    env: { ...process.env, ...env, PORT: String(port) },
    timeoutMs: 120_000,
  })
  return { server, base: `http://127.0.0.1:${port}` }
}

/** The demo's self-hosted Node entry (demo/node.ts, `serve` from voitex-trigger/node) with its Redis down. */
async function nodeEntryWithRedisDown(): Promise<{ server: Spawned; base: string }> {
  const port = await freePort()
  const server = await spawnUntil('node', ['--import', 'tsx', 'demo/node.ts'], /Trigger endpoint at/, {
    env: { ...process.env, PORT: String(port), REDIS_URL: 'redis://127.0.0.1:9' },
    timeoutMs: 120_000,
  })
  return { server, base: `http://127.0.0.1:${port}` }
}

let started: Awaited<ReturnType<typeof npmStart>>
let storeDown: Awaited<ReturnType<typeof npmStart>>

beforeAll(async () => {
  ;[started, storeDown] = await Promise.all([npmStart(), nodeEntryWithRedisDown()])
}, 240_000)
afterAll(async () => {
  await Promise.all([started?.server.stop(), storeDown?.server.stop()])
})

describe('npm start', () => {
  it('prints the URL it serves and a ready-to-paste curl example', () => {
    expect(started.server.output()).toContain(`${started.base}/trigger`)
    expect(started.server.output()).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/trigger .*-d '\{"call_id"/)
  })

  it('answers GET /health with 200', async () => {
    expect((await fetch(`${started.base}/health`)).status).toBe(200)
  })
})

describe('conformance: the Node server', () => {
  it.each(CASES)('answers $name', async (testCase) => {
    const { base } = testCase.storeDown ? storeDown : started
    const response = await fetch(caseRequest(testCase, base))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})

describe('npm start and TRIGGER_TOKEN', () => {
  it('warns that the endpoint is open when no token is set', () => {
    expect(started.server.output()).toContain('"event":"open_endpoint"')
  })

  it('fails closed on a blank TRIGGER_TOKEN: every Trigger 401, and an error says why', async () => {
    const closed = await npmStart({ TRIGGER_TOKEN: ' , ' })
    try {
      const [sample] = CASES
      if (!sample) throw new Error('no cases')
      const response = await fetch(caseRequest(sample, closed.base))
      expect(response.status).toBe(401)
      await expect.poll(() => closed.server.output(), { timeout: 10_000 }).toContain('"event":"config_error"')
    } finally {
      await closed.server.stop()
    }
  }, 150_000)

  it('prints a curl example that sends the token by its variable, never its value, and works pasted into a shell while a token is rotated', async () => {
    const tokens = 'dev-secret-7f3a+/=, next-secret-9b1c'
    const secured = await npmStart({ TRIGGER_TOKEN: tokens })
    try {
      const output = secured.server.output()
      expect(output).not.toContain('dev-secret-7f3a')
      const example = output.split('\n').find((line) => line.trim().startsWith('curl '))
      if (!example) throw new Error(`no curl example in:\n${output}`)
      // Pasted as printed, with the variable set as the server has it: the demo's answer, not a 401.
      const pasted = spawnSync('sh', ['-c', example], {
        env: { ...process.env, TRIGGER_TOKEN: tokens },
        encoding: 'utf8',
      })
      expect({ status: pasted.status, stderr: pasted.stderr }).toEqual({ status: 0, stderr: '' })
      expect(JSON.parse(pasted.stdout)).toHaveProperty('goto')
    } finally {
      await secured.server.stop()
    }
  }, 150_000)

  it("passes the demo's scenarios over HTTP (voitex-trigger scenarios --url)", async () => {
    const { code, stdout } = await runCli(['scenarios', '--url', started.base])
    expect(stdout).toMatch(/\d+ passed, 0 failed/)
    expect(code).toBe(0)
  }, 120_000)
})
