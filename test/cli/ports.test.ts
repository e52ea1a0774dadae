import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenOnLoopback } from '../../adapters/node/_internal.ts'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'

// A port another program holds: each local server says so in one line, naming the port and how to pick another.
let holder: Server
let port: number
beforeAll(async () => {
  holder = createServer()
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
  port = (holder.address() as { port: number }).port
})
afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())))

describe('a port in use', { timeout: CLI_TIMEOUT_MS }, () => {
  it('emulator: one line naming the port and how to pick another, exit code 2', async () => {
    const { code, stderr } = await runCli(['emulator', '--port', String(port), '--host', '127.0.0.1'])
    expect(stderr.trim().split('\n')).toEqual([
      `voitex-trigger: port ${port} is in use: pass --port N (or EMULATOR_PORT)`,
    ])
    expect(code).toBe(2)
  })

  it('dev: the same', async () => {
    const config = ['--config', 'test/fixtures/pharmacy/voitex-trigger.config.json']
    const { code, stderr } = await runCli(['dev', ...config, '--port', String(port), '--host', '127.0.0.1'])
    expect(stderr.trim().split('\n').at(-1)).toBe(`voitex-trigger: port ${port} is in use: pass --port N (or PORT)`)
    expect(stderr).not.toContain('    at ')
    expect(code).toBe(2)
  })
})

// dev:lambda starts a local DynamoDB, and dev:worker picks wrangler's inspector port, before the tool binds the port
// the user asked for: the kernel may hand that still-free port to the helper, and the tool then fails (EADDRINUSE).
describe("a helper's port", () => {
  it('is never one the caller must leave free: a refused port is released and another picked', async () => {
    const refused: number[] = []
    const server = createServer()
    const picked = await listenOnLoopback(server, (candidate) => {
      if (refused.length === 2) return false
      refused.push(candidate)
      return true
    })
    await new Promise<void>((resolve) => server.close(() => resolve()))
    expect(refused).toHaveLength(2)
    expect(refused).not.toContain(picked)
    // Released: each refused port can be bound again at once.
    for (const port of refused) {
      const again = createServer()
      await new Promise<void>((resolve, reject) => {
        again.once('error', reject)
        again.listen(port, '127.0.0.1', resolve)
      })
      await new Promise<void>((resolve) => again.close(() => resolve()))
    }
  })
})
