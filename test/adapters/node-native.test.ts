import { request as httpRequest } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type LogRecord, memoryStore, silentLogger } from 'voitex-trigger'
import { type ListenOptions, type RunningServer, serve } from 'voitex-trigger/node'
import { app as demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { brokenStores } from '../helpers/runtime.ts'

// `serve(app)` in this process, over real loopback HTTP: Triggers are answered from node:http's own objects.

const servers: RunningServer[] = []
afterAll(() => Promise.all(servers.map((server) => server.close())))

async function start(options: Parameters<typeof serve>[1] = {}): Promise<string> {
  const server = await serve(demoApp, {
    port: 0,
    handleSignals: false,
    logger: silentLogger,
    store: memoryStore(callers),
    ...options,
  })
  servers.push(server)
  return server.url
}

/** One request with node:http (not fetch, which builds Web objects of its own in this process). */
function post(
  url: string,
  body: string | readonly string[],
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', headers }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        text += chunk
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }))
    })
    outgoing.on('error', reject)
    // An array is sent in chunks with no Content-Length (chunked transfer encoding).
    if (typeof body === 'string') outgoing.end(body)
    else {
      for (const chunk of body) outgoing.write(chunk)
      outgoing.end()
    }
  })
}

let base = ''
let baseWithStoreDown = ''
beforeAll(async () => {
  base = await start()
  baseWithStoreDown = await start({ store: brokenStores.throwing })
})

describe('conformance: serve(app), the native Node path', () => {
  it.each(CASES)('answers $name', async (testCase) => {
    const response = await fetch(caseRequest(testCase, testCase.storeDown ? baseWithStoreDown : base))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})

describe('serve(app) on Node', () => {
  const realRequest = globalThis.Request
  const realResponse = globalThis.Response
  afterEach(() => {
    globalThis.Request = realRequest
    globalThis.Response = realResponse
  })

  it('answers a Trigger without making a Web Request or Response', async () => {
    const refuse = () => {
      throw new Error('a Web object was made on the Trigger path')
    }
    globalThis.Request = refuse as unknown as typeof Request
    globalThis.Response = refuse as unknown as typeof Response
    const answer = await post(`${base}/trigger`, JSON.stringify(SEED_REQUEST), { 'content-type': 'application/json' })
    globalThis.Request = realRequest
    globalThis.Response = realResponse
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text)).toMatchObject({ goto: '0', variables: { paid: 'yes' } })
  })

  it('answers JSON with the headers of every adapter (no-store, Server-Timing, the route)', async () => {
    const answer = await post(`${base}/trigger`, JSON.stringify(SEED_REQUEST))
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.headers['server-timing']).toMatch(/^total;dur=\d+/)
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.text)))
  })

  it('reads a body sent in chunks with no Content-Length', async () => {
    const text = JSON.stringify(SEED_REQUEST)
    const chunks = [text.slice(0, 10), text.slice(10, 200), text.slice(200)]
    const answer = await post(`${base}/trigger`, chunks, { 'content-type': 'application/json' })
    expect(JSON.parse(answer.text)).toMatchObject({ variables: { paid: 'yes' } })
  })

  it('refuses a chunked body once it passes 64 KiB (413) and closes the connection rather than read the rest', async () => {
    const chunks = Array.from({ length: 20 }, () => 'x'.repeat(8 * 1024))
    const answer = await post(`${base}/trigger`, chunks, { 'content-type': 'application/json' })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.text)).toEqual({
      error: { code: 'body_too_large', message: 'the body is larger than 65536 bytes' },
    })
    expect(answer.headers.connection).toBe('close')
  })

  it('takes the token from the query string and the Authorization header', async () => {
    const secured = await start({ tokens: 'n-token' })
    const body = JSON.stringify(SEED_REQUEST)
    expect((await post(`${secured}/trigger`, body)).status).toBe(401)
    expect((await post(`${secured}/trigger?token=n-token`, body)).status).toBe(200)
    expect((await post(`${secured}/trigger`, body, { authorization: 'Bearer n-token' })).status).toBe(200)
  })

  it("refuses to start on a port already in use, saying which and what to do, with Node's code kept", async () => {
    const taken = new URL(await start())
    const second = serve(demoApp, { port: Number(taken.port), handleSignals: false, logger: silentLogger })
    await expect(second).rejects.toThrow(
      `127.0.0.1:${taken.port} is in use: stop the server listening there or choose another port (PORT)`,
    )
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })

  it('writes one log line per Trigger', async () => {
    const records: LogRecord[] = []
    const logged = await start({ logger: { write: (record) => void records.push(record) } })
    records.length = 0
    await post(`${logged}/trigger`, JSON.stringify(SEED_REQUEST))
    await post(`${logged}/trigger`, '{"call_id": ')
    expect(records.filter((record) => record.event === 'trigger').map((record) => record.outcome)).toEqual([
      'decision',
      'rejected',
    ])
  })
})

describe('serve(app) with a guard', () => {
  const seen: { method: string; path: string; origin: string | undefined }[] = []
  const records: LogRecord[] = []
  const guard: ListenOptions['guard'] = (request) => {
    seen.push({ method: request.method, path: request.path, origin: request.header('Origin') })
    return request.header('origin') ? { status: 403, error: 'cross-site requests are refused' } : undefined
  }

  it('stops a Trigger it rejects before the app sees it, answering JSON with its status', async () => {
    const guarded = await start({ guard, logger: { write: (record) => void records.push(record) } })
    records.length = 0
    const answer = await post(`${guarded}/trigger?x=1`, JSON.stringify(SEED_REQUEST), {
      origin: 'https://evil.example',
    })
    expect(answer.status).toBe(403)
    expect(JSON.parse(answer.text)).toEqual({ error: 'cross-site requests are refused' })
    expect(records.filter((record) => record.event === 'trigger')).toEqual([])
    expect(seen.at(-1)).toEqual({ method: 'POST', path: '/trigger', origin: 'https://evil.example' })
  })

  it('lets through what it does not reject', async () => {
    const guarded = await start({ guard })
    const answer = await post(`${guarded}/trigger`, JSON.stringify(SEED_REQUEST))
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text)).toMatchObject({ variables: { paid: 'yes' } })
  })

  it('sees the requests of the local routes too', async () => {
    const guarded = await start({ guard, localRoutes: () => new Response('the page') })
    const response = await fetch(`${guarded}/`, { headers: { origin: 'https://evil.example' } })
    expect(response.status).toBe(403)
    expect(seen.at(-1)).toMatchObject({ method: 'GET', path: '/' })
  })
})
