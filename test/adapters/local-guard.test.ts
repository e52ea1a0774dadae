import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { type GuardedRequest, localGuard } from '../../adapters/node/local-guard.ts'
import { CLI_TIMEOUT_MS, cliCommand } from '../helpers/cli.ts'
import { spawnUntil } from '../helpers/processes.ts'

/** A request as the guard sees it: a method, a path and headers (names in lower case, as Node gives them). */
function seen(headers: Record<string, string>, method = 'POST', path = '/trigger'): GuardedRequest {
  return { method, path, header: (name) => headers[name] }
}

describe('the local guard of dev and the emulator', () => {
  const guard = localGuard(['127.0.0.1'])

  it.each(['127.0.0.1:8787', 'localhost:8787', 'app.localhost', '[::1]:8787', '192.168.1.20:8787', 'LOCALHOST'])(
    'answers a request addressed to %s (a loopback name or an IP address)',
    (host) => {
      expect(guard(seen({ host }))).toBeUndefined()
    },
  )

  it.each(['evil.example:8787', 'evil.example', 'localhost.evil.example', '127.0.0.1.evil.example', ''])(
    'refuses a request addressed to "%s" with 403 (a rebound name)',
    (host) => {
      expect(guard(seen({ host }))).toMatchObject({ status: 403, error: expect.stringContaining('--allow-host') })
    },
  )

  it('answers a name the user allowed, in any case, with or without a port', () => {
    const allowing = localGuard(['Line.Tunnel.example:443'])
    expect(allowing(seen({ host: 'line.tunnel.example' }))).toBeUndefined()
    expect(allowing(seen({ host: 'LINE.tunnel.example:8787' }))).toBeUndefined()
    expect(allowing(seen({ host: 'other.tunnel.example' }))).toMatchObject({ status: 403 })
  })

  it('refuses a browser request from another site, whatever its method or content type', () => {
    const host = '127.0.0.1:8787'
    expect(guard(seen({ host, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }))).toMatchObject({
      status: 403,
    })
    expect(guard(seen({ host, 'sec-fetch-site': 'same-site' }))).toMatchObject({ status: 403 })
    expect(guard(seen({ host, 'sec-fetch-site': 'cross-site' }, 'GET', '/_dev/project'))).toMatchObject({
      status: 403,
    })
    expect(guard(seen({ host, origin: 'http://evil.example' }))).toMatchObject({ status: 403 })
    expect(guard(seen({ host, origin: 'null' }))).toMatchObject({ status: 403 })
    expect(guard(seen({ host, origin: 'http://127.0.0.1:9999' }))).toMatchObject({ status: 403 })
  })

  it('answers its own page: same origin, a navigation from a link, or no browser at all', () => {
    const host = '127.0.0.1:8787'
    expect(guard(seen({ host, origin: 'http://127.0.0.1:8787', 'sec-fetch-site': 'same-origin' }))).toBeUndefined()
    expect(guard(seen({ host, 'sec-fetch-site': 'none' }, 'GET', '/'))).toBeUndefined()
    const link = { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }
    expect(guard(seen(link, 'GET', '/'))).toBeUndefined()
    // A form posted from another site navigates too, and is still refused: only reading is a navigation's right.
    expect(guard(seen(link, 'POST', '/trigger'))).toMatchObject({ status: 403 })
    expect(guard(seen({ host, 'content-type': 'application/x-www-form-urlencoded' }))).toBeUndefined()
  })

  it('never echoes more than 100 printable characters of a hostile header', () => {
    const refusal = guard(seen({ host: `${'\u0000<script>'.repeat(50)}.example` }))
    expect(refusal?.error).not.toContain('<script>\u0000')
    expect(refusal?.error.length).toBeLessThan(250)
  })
})

/** GET a URL with a chosen Host header (fetch does not let a caller set it): the status. */
function statusWithHost(url: string, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { ...headers, host } }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
      .once('error', reject)
      .end()
  })
}

describe('the emulator behind the local guard', () => {
  it('refuses a rebound Host before its Auth-Key is even read, and answers an allowed one', async () => {
    const emulator = await spawnUntil(
      ...cliCommand(['emulator', '--port', '0', '--allow-host', 'voitex.test']),
      /emulator on (http:\S+)/,
      { timeoutMs: CLI_TIMEOUT_MS },
    )
    try {
      const url = `${/emulator on (http:\S+)/.exec(emulator.output())?.[1]}/_emulator/state`
      const { port } = new URL(url)
      const key = { 'auth-key': 'test-key' }
      expect(await statusWithHost(url, `evil.example:${port}`, key)).toBe(403)
      expect(await statusWithHost(url, `voitex.test:${port}`, key)).toBe(200)
      expect(await statusWithHost(url, `localhost:${port}`, key)).toBe(200)
    } finally {
      await emulator.stop()
    }
  })
})
