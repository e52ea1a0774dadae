import { describe, expect, it } from 'vitest'
import { devPage } from '../../cli/page.ts'
import { app } from '../../demo/app.ts'

const callers = new Map<string, unknown>([['+18459511000', { name: 'John' }]])
const project = async (tokens: string | undefined, headers: Record<string, string> = {}) => {
  const routes = await devPage({ app, map: 'demo/ivr-map.yaml', callers, tokens, timeZone: 'America/New_York' })
  const response = await routes(new Request('http://local/_dev/project', { headers }))
  return (await response?.json()) as { callers: unknown[]; tokenRequired: boolean }
}

describe("the dev page's project data", () => {
  it('offers the known callers when the endpoint is open', async () => {
    expect(await project(undefined)).toMatchObject({
      callers: [{ number: '8459511000', name: 'John' }],
      tokenRequired: false,
    })
  })

  it('keeps the callers to a request that carries the Trigger token, when one is set', async () => {
    expect(await project('s3cret')).toMatchObject({ callers: [], tokenRequired: true })
    expect(await project('s3cret', { authorization: 'Bearer wrong' })).toMatchObject({ callers: [] })
    expect(await project('s3cret', { authorization: 'Bearer s3cret' })).toMatchObject({
      callers: [{ number: '8459511000', name: 'John' }],
    })
  })
})

/** A store's records that count how many entries anything reads from them. */
class CountingMap extends Map<string, unknown> {
  read = 0
  override *[Symbol.iterator](): MapIterator<[string, unknown]> {
    for (const entry of super[Symbol.iterator]()) {
      this.read++
      yield entry
    }
  }
  override entries(): MapIterator<[string, unknown]> {
    return this[Symbol.iterator]()
  }
}

describe("the dev page's project data with a large store", () => {
  it('reads at most 500 callers per start, however many the store holds and however often the page asks', async () => {
    const many = new CountingMap()
    for (let i = 0; i < 1_000_000; i++) many.set(`+1212${String(i).padStart(7, '0')}`, { name: `Caller ${i}` })
    const routes = await devPage({ app, map: undefined, callers: many, tokens: undefined, timeZone: 'UTC' })
    for (let i = 0; i < 20; i++) {
      const response = await routes(new Request('http://local/_dev/project'))
      const body = (await response?.json()) as { callers: unknown[] } | undefined
      expect(body?.callers).toHaveLength(500)
    }
    expect(many.read).toBeLessThanOrEqual(501)
  })
})
