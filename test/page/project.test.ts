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
