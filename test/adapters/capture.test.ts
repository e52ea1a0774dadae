import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { serve } from 'voitex-trigger/node'
import { app } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { SEED_CARD_DATA, SEED_REQUEST, triggerBody } from '../../fixtures/seed.ts'
import { readCaptureLine } from '../../src/_internal.ts'
import { type LogRecord, memoryLogger, memoryStore } from '../../src/index.ts'
import { lambdaContext, requestToEvent } from '../helpers/lambda-events.ts'
import { importWithEnv } from '../helpers/modules.ts'

// TRIGGER_CAPTURE=1 on each platform's entry: one capture line per exchange in the log stream (console.log, which
// Lambda and Vercel collect), and on Node also in TRIGGER_CAPTURE_FILE. The Worker's binding is tested in workerd.
const post = () => new Request('http://local/trigger/lookup', { method: 'POST', body: JSON.stringify(SEED_REQUEST) })

function logStream(): string[] {
  const lines: string[] = []
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
  return lines
}
const captures = (lines: readonly string[]) => lines.filter((line) => readCaptureLine(line).kind === 'capture')

afterEach(() => {
  vi.restoreAllMocks()
})

describe('capture on the serverless entries', () => {
  it('Lambda (demo/lambda.ts) with TRIGGER_CAPTURE=1 writes one capture line per exchange, without card data', async () => {
    const lines = logStream()
    const handler = await importWithEnv(async () => (await import('../../demo/lambda.ts')).handler, {
      TRIGGER_CAPTURE: '1',
    })
    const event = await requestToEvent(post(), 'api-gateway-v1')
    await handler(event, lambdaContext)
    await handler(event, lambdaContext)
    expect(captures(lines)).toHaveLength(2)
    for (const secret of SEED_CARD_DATA) expect(captures(lines).join('\n')).not.toContain(secret)
  })

  it('Lambda without TRIGGER_CAPTURE writes none', async () => {
    const lines = logStream()
    const handler = await importWithEnv(async () => (await import('../../demo/lambda.ts')).handler, {
      TRIGGER_CAPTURE: undefined,
    })
    await handler(await requestToEvent(post(), 'api-gateway-v2'), lambdaContext)
    expect(captures(lines)).toEqual([])
    expect(lines.filter((line) => line.includes('"event":"trigger"'))).toHaveLength(1)
  })

  it('Vercel (api/index.ts) with TRIGGER_CAPTURE=1 writes one capture line per exchange', async () => {
    const lines = logStream()
    const entry = await importWithEnv(async () => (await import('../../api/index.ts')).default, {
      TRIGGER_CAPTURE: '1',
      REDIS_URL: undefined,
    })
    await entry.fetch(post())
    expect(captures(lines)).toHaveLength(1)
  })
})

describe('capture on the Node server', () => {
  it('also appends each capture line to TRIGGER_CAPTURE_FILE, redacted as the log stream is', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'capture-')), 'capture.jsonl')
    const logger = memoryLogger()
    const server = await serve(app, {
      port: 0,
      handleSignals: false,
      store: memoryStore(callers),
      logger,
      capture: true,
      captureFile: file,
    })
    await fetch(`${server.url}/trigger/lookup`, { method: 'POST', body: JSON.stringify(SEED_REQUEST) })
    // A variable whose name says it is secret: the log stream redacts it, and so must the file.
    const secretVariable = triggerBody({ variables: { auth_code: '4321' } })
    await fetch(`${server.url}/trigger/lookup`, { method: 'POST', body: JSON.stringify(secretVariable) })
    await server.close()
    await new Promise((resolve) => setImmediate(resolve))
    const written = readFileSync(file, 'utf8').trim().split('\n')
    expect(written.map((line) => readCaptureLine(line).kind)).toEqual(['capture', 'capture'])
    expect(written.map((line) => JSON.parse(line))).toEqual(
      logger.records.filter((record) => record.event === 'capture'),
    )
    for (const secret of [...SEED_CARD_DATA, '4321']) expect(written.join('\n')).not.toContain(secret)
  })

  it('refuses to start with a capture file it cannot write, rather than lose captures silently', () => {
    expect(() =>
      serve(app, {
        port: 0,
        handleSignals: false,
        capture: true,
        captureFile: join(tmpdir(), 'no-such-folder', 'capture.jsonl'),
      }),
    ).toThrow(/ENOENT/)
  })
})

describe('the capture file', () => {
  const freshPath = () => join(mkdtempSync(join(tmpdir(), 'capture-')), 'capture.jsonl')
  async function serveCapturing(file: string, options: { captureMaxBytes?: number } = {}) {
    const logger = memoryLogger()
    const server = await serve(app, {
      port: 0,
      handleSignals: false,
      store: memoryStore(callers),
      logger,
      capture: true,
      captureFile: file,
      ...options,
    })
    const post = (body: string) => fetch(`${server.url}/trigger/lookup`, { method: 'POST', body })
    const close = async () => {
      await server.close()
      // Lines are written at the end of the event-loop turn.
      await new Promise((resolve) => setImmediate(resolve))
    }
    return { logger, post, close }
  }
  const captures = (records: readonly LogRecord[]) => records.filter((record) => record.event === 'capture')

  it('is created readable and writable by its owner only (0600)', async () => {
    const file = freshPath()
    const { post, close } = await serveCapturing(file)
    await post(JSON.stringify(SEED_REQUEST))
    await close()
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('already there and readable by others (0644) is made 0600 before anything is captured into it', async () => {
    const file = freshPath()
    writeFileSync(file, '')
    chmodSync(file, 0o644)
    const { close } = await serveCapturing(file)
    await close()
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('stops at its size bound: whole lines only, one warning, and the log stream keeps every capture', async () => {
    const file = freshPath()
    const { logger, post, close } = await serveCapturing(file, { captureMaxBytes: 4096 })
    for (let call = 0; call < 12; call++) await post(JSON.stringify({ ...SEED_REQUEST, call_id: `call-${call}` }))
    await close()
    const written = readFileSync(file, 'utf8')
    expect(written.length).toBeLessThanOrEqual(4096)
    const lines = written.trim().split('\n')
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.map((line) => readCaptureLine(line).kind)).toEqual(lines.map(() => 'capture'))
    expect(logger.records.filter((record) => record.event === 'capture_file_full')).toEqual([
      expect.objectContaining({ level: 'warn', max_bytes: 4096 }),
    ])
    expect(captures(logger.records)).toHaveLength(12)
  })

  it('takes its bound from TRIGGER_CAPTURE_MAX_BYTES, and refuses one that is not a number of bytes', async () => {
    const file = freshPath()
    const { logger, post, close } = await importWithEnv(() => serveCapturing(file), {
      TRIGGER_CAPTURE_MAX_BYTES: '2000',
    })
    for (let call = 0; call < 4; call++) await post(JSON.stringify(SEED_REQUEST))
    await close()
    expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(2000)
    expect(logger.records.some((record) => record.event === 'capture_file_full')).toBe(true)
    await expect(
      importWithEnv(() => serveCapturing(freshPath()), { TRIGGER_CAPTURE_MAX_BYTES: '10MB' }),
    ).rejects.toThrow(/TRIGGER_CAPTURE_MAX_BYTES/)
  })

  it('grows by no more than the bytes it receives: 32 KiB bodies of 0x01 bytes', async () => {
    const file = freshPath()
    const { post, close } = await serveCapturing(file)
    const body = `call_id=c1&cid=8459511000&cnam=${'\x01'.repeat(32 * 1024 - 40)}`
    const sent = Buffer.byteLength(body) * 20
    for (let call = 0; call < 20; call++) await post(body)
    await close()
    expect(statSync(file).size).toBeLessThanOrEqual(sent)
  })
})
