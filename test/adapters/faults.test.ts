import { Hono } from 'hono'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { triggerRoutes } from 'voitex-trigger/hono'
import { toLambdaHandler } from 'voitex-trigger/lambda'
import { type RunningServer, serve } from 'voitex-trigger/node'
import { toVercelFunction } from 'voitex-trigger/vercel'
import { expectHandled, FAULT_CASES, faultApp, faultRequest } from '../fixtures/faults.ts'
import { EVENT_KINDS, lambdaContext, requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'

type FaultApp = ReturnType<typeof faultApp>

/** Each adapter, given the fault app and its runtime: how a request reaches it. */
const adapters: { name: string; send: (request: Request, fault: FaultApp) => Promise<Response> }[] = [
  ...EVENT_KINDS.map((kind) => ({
    name: `Lambda (${kind})`,
    send: async (request: Request, { app, runtime }: FaultApp) =>
      resultToResponse(await toLambdaHandler(app, runtime)(await requestToEvent(request, kind), lambdaContext)),
  })),
  { name: 'Vercel', send: (request, { app, runtime }) => toVercelFunction(app, runtime).fetch(request) },
  {
    name: 'a Hono app (voitex-trigger/hono)',
    send: async (request, { app, runtime }) => await new Hono().route('/', triggerRoutes(app, runtime)).fetch(request),
  },
]

describe.each(adapters)('faults on $name', ({ send }) => {
  it.each(FAULT_CASES)('$name: a valid answer and one log line naming the cause', async (testCase) => {
    const fault = faultApp()
    await expectHandled(testCase, await send(faultRequest(testCase), fault), fault.logs)
  })
})

describe('faults on the Node server', () => {
  const { app, runtime, logs } = faultApp()
  let server: RunningServer
  beforeAll(async () => {
    server = await serve(app, { ...runtime, port: 0, handleSignals: false })
  })
  afterAll(() => server.close())

  it.each(FAULT_CASES)('$name: a valid answer and one log line naming the cause', async (testCase) => {
    logs.length = 0
    await expectHandled(testCase, await fetch(faultRequest(testCase, server.url)), logs)
  })
})
