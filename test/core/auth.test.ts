import { describe, expect, it } from 'vitest'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { parseTokens, tokenMatches } from '../../src/_internal.ts'
import { createTriggerApp, defineFlow, memoryLogger, reply } from '../../src/index.ts'
import { describeMatrix } from '../helpers/matrix.ts'

const logger = memoryLogger()
let runs = 0
const flow = defineFlow({
  name: 'guarded',
  decide: () => {
    runs++
    return reply().goto(1)
  },
})
const app = createTriggerApp({ flows: flow }).handler({ tokens: 'alpha-token-1, beta-token-2', logger })
const post = (headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(SEED_REQUEST),
})

describeMatrix('Trigger authentication', app, (send) => {
  it.each([
    ['the token query parameter', '/trigger?token=alpha-token-1', {}],
    ['an Authorization: Bearer header', '/trigger', { authorization: 'Bearer beta-token-2' }],
    ['a path segment after the trigger name', '/trigger/lookup/alpha-token-1', {}],
    ['a Bearer header with spaces around the token', '/trigger', { authorization: 'bearer   beta-token-2  ' }],
    [
      'the query, beside an Authorization header of another scheme',
      '/trigger?token=alpha-token-1',
      {
        authorization: 'Basic dXNlcjpwYXNz',
      },
    ],
  ])('accepts a token in %s', async (_, path, headers) => {
    const response = await send(path, post(headers))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ goto: '1' })
  })

  it('accepts either token while one is being rotated', async () => {
    for (const token of ['alpha-token-1', 'beta-token-2'])
      expect((await send(`/trigger?token=${token}`, post())).status).toBe(200)
  })

  it.each([
    ['no token', '/trigger'],
    ['a wrong token', '/trigger?token=alpha-token-2'],
    ['a token prefix', '/trigger?token=alpha'],
    ['a wrong path token', '/trigger/lookup/gamma'],
  ])('refuses %s with 401 JSON, running nothing of the flow', async (_, path) => {
    const before = runs
    const response = await send(path, post())
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({
      error: { code: 'unauthorized', message: 'a valid trigger token is required' },
    })
    expect(runs).toBe(before)
  })

  it('never writes a token, right or wrong, to the log', async () => {
    await send('/trigger?token=alpha-token-1', post())
    await send('/trigger/x/wrong-token-9', post())
    const written = JSON.stringify(logger.records)
    for (const token of ['alpha-token-1', 'beta-token-2', 'wrong-token-9']) expect(written).not.toContain(token)
  })
})

describe('tokens', () => {
  it('reads TRIGGER_TOKEN as a comma-separated list', () => {
    expect(parseTokens(' a , b,,c ')).toEqual({ kind: 'tokens', tokens: ['a', 'b', 'c'] })
  })

  it('reads a list of tokens given as an array, trimmed, the blank ones dropped', () => {
    expect(parseTokens([' a ', '', 'b'])).toEqual({ kind: 'tokens', tokens: ['a', 'b'] })
    expect(parseTokens([' '])).toEqual({ kind: 'misconfigured' })
  })

  it('reads an unset TRIGGER_TOKEN as an open endpoint', () => {
    expect(parseTokens(undefined)).toEqual({ kind: 'open' })
  })

  it.each(['', ',', ' ', ' , ,'])('reads a TRIGGER_TOKEN of %j as set but empty: a configuration error', (value) => {
    expect(parseTokens(value)).toEqual({ kind: 'misconfigured' })
  })

  it('matches only an exact token, whatever the lengths', () => {
    expect(tokenMatches('secret', ['other', 'secret'])).toBe(true)
    expect(tokenMatches('secre', ['secret'])).toBe(false)
    expect(tokenMatches('secret-and-more', ['secret'])).toBe(false)
    expect(tokenMatches('secret\u0000', ['secret'])).toBe(false)
    expect(tokenMatches('', [''])).toBe(false)
  })

  it('matches a token longer than the width it compares at, and only that token', () => {
    const long = `${'k'.repeat(300)}-end`
    expect(tokenMatches(long, [long])).toBe(true)
    expect(tokenMatches(`${'k'.repeat(300)}-enD`, [long])).toBe(false)
    expect(tokenMatches(long.slice(0, 256), [long])).toBe(false)
    expect(tokenMatches(`${long}x`, [long])).toBe(false)
  })

  it('compares a token that differs past the compared width by its length', () => {
    const short = 'a'.repeat(256)
    expect(tokenMatches(`${short}b`, [short])).toBe(false)
  })

  it('matches tokens outside ASCII by every code unit', () => {
    expect(tokenMatches('clé-🔑', ['clé-🔑'])).toBe(true)
    expect(tokenMatches('cle-🔑', ['clé-🔑'])).toBe(false)
    expect(tokenMatches('clé-🔒', ['clé-🔑'])).toBe(false)
  })

  it.each([
    ['a +, which a raw query reads as a space', 'ab+cd/ef=='],
    ['a character outside ASCII', 'clé-secret'],
  ])('warns once, when it is built, of a token with %s, never writing the token', async (_, token) => {
    const warnings = memoryLogger()
    const built = createTriggerApp({ flows: flow }).handler({ tokens: `hex-0123abcd, ${token}`, logger: warnings })
    for (let i = 0; i < 2; i++) await built.fetch(new Request('http://local/trigger', post()))
    expect(warnings.records.filter((record) => record.event === 'token_format')).toHaveLength(1)
    expect(JSON.stringify(warnings.records)).not.toContain(token)
  })

  it('says nothing of a token a URL carries as it is', () => {
    const warnings = memoryLogger()
    createTriggerApp({ flows: flow }).handler({ tokens: 'a1B2-c3_d4.e5~f6', logger: warnings })
    expect(warnings.records.filter((record) => record.event === 'token_format')).toEqual([])
  })

  it('serves an endpoint with no token configured, and warns once, when it is built, that it is open', async () => {
    const warnings = memoryLogger()
    const open = createTriggerApp({ flows: flow }).handler({ logger: warnings })
    for (let i = 0; i < 3; i++) expect((await open.fetch(new Request('http://local/trigger', post()))).status).toBe(200)
    expect(warnings.records.filter((record) => record.event === 'open_endpoint')).toHaveLength(1)
  })

  it.each(['', ',', ' '])(
    'fails closed on a TRIGGER_TOKEN of %j: every Trigger is refused with 401, and an error says why',
    async (tokens) => {
      const errors = memoryLogger()
      const before = runs
      const closed = createTriggerApp({ flows: flow }).handler({ tokens, logger: errors })
      const response = await closed.fetch(new Request('http://local/trigger?token=', post()))
      expect(response.status).toBe(401)
      expect(runs).toBe(before)
      // An uptime check sees it too.
      expect((await closed.fetch(new Request('http://local/health'))).status).toBe(503)
      expect(errors.records).toContainEqual(
        expect.objectContaining({
          level: 'error',
          event: 'config_error',
          message: expect.stringContaining('TRIGGER_TOKEN'),
        }),
      )
    },
  )
})
