import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toLambdaHandler } from '../../adapters/lambda/adapter.ts'
import { type RunningServer, startServer } from '../../adapters/node/server.ts'
import { toVercelFunction } from '../../adapters/vercel/adapter.ts'
import type { LogRecord } from '../../src/index.ts'
import { FAULT_CASES, type FaultCase, faultApp, faultRequest } from '../fixtures/faults.ts'
import { EVENT_KINDS, lambdaContext, requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'

/** Each adapter, given the fault app: how a request reaches it. */
const adapters: {
  name: string
  send: (request: Request, app: ReturnType<typeof faultApp>['app']) => Promise<Response>
}[] = [
  ...EVENT_KINDS.map((kind) => ({
    name: `Lambda (${kind})`,
    send: async (request: Request, app: ReturnType<typeof faultApp>['app']) =>
      resultToResponse(await toLambdaHandler(app)(await requestToEvent(request, kind), lambdaContext)),
  })),
  { name: 'Vercel', send: (request, app) => toVercelFunction(app).fetch(request) },
]

function causeLines(logs: LogRecord[], testCase: FaultCase): LogRecord[] {
  return logs.filter((record) => Object.entries(testCase.log).every(([key, value]) => record[key] === value))
}

describe.each(adapters)('faults on $name', ({ send }) => {
  it.each(FAULT_CASES)('$name: a valid answer and one log line naming the cause', async (testCase) => {
    const { app, logs } = faultApp()
    const response = await send(faultRequest(testCase), app)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(testCase.answer)
    expect(causeLines(logs, testCase)).toHaveLength(1)
  })
})

describe('faults on the Node server', () => {
  const { app, logs } = faultApp()
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer(app)
  })
  afterAll(() => server.close())

  it.each(FAULT_CASES)('$name: a valid answer and one log line naming the cause', async (testCase) => {
    logs.length = 0
    const response = await fetch(faultRequest(testCase, server.url))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(testCase.answer)
    expect(causeLines(logs, testCase)).toHaveLength(1)
  })
})
