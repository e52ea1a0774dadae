import { describe, expect, it } from 'vitest'
import { createTriggerApp, defineFlow, memoryLogger, parseTokens, reply, tokenMatches } from '../../src/index.ts'
import { SEED_REQUEST } from '../fixtures/seed.ts'
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
const app = createTriggerApp({ flows: flow, runtime: () => ({ tokens: 'alpha-token-1, beta-token-2', logger }) })
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
    expect(parseTokens(' a , b,,c ')).toEqual(['a', 'b', 'c'])
    expect(parseTokens(undefined)).toEqual([])
  })

  it('matches only an exact token, whatever the lengths', async () => {
    expect(await tokenMatches('secret', ['other', 'secret'])).toBe(true)
    expect(await tokenMatches('secre', ['secret'])).toBe(false)
    expect(await tokenMatches('secret-and-more', ['secret'])).toBe(false)
    expect(await tokenMatches('', [''])).toBe(false)
  })

  it('warns once that a production endpoint with no token is open', async () => {
    const warnings = memoryLogger()
    const open = createTriggerApp({ flows: flow, runtime: () => ({ production: true, logger: warnings }) })
    for (let i = 0; i < 3; i++) await open.fetch(new Request('http://local/trigger', post()))
    expect(warnings.records.filter((record) => record.event === 'open_endpoint')).toHaveLength(1)
  })

  it('lets the local demo run open, without a warning', async () => {
    const quiet = memoryLogger()
    const local = createTriggerApp({ flows: flow, runtime: () => ({ logger: quiet }) })
    expect((await local.fetch(new Request('http://local/trigger', post()))).status).toBe(200)
    expect(quiet.records.some((record) => record.event === 'open_endpoint')).toBe(false)
  })
})
