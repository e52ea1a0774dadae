import fc from 'fast-check'
import { afterAll, beforeAll, it } from 'vitest'
import { type RunningServer, serve } from 'voitex-trigger/node'
import { fuzzApp } from '../fuzz/property.ts'
import { FUZZ_TIMEOUT, fuzzAdapter } from '../fuzz/run.ts'

const { app, runtime, logs } = fuzzApp()
let server: RunningServer
beforeAll(async () => {
  server = await serve(app, { ...runtime, port: 0, handleSignals: false })
})
afterAll(() => server.close())

it(
  'fuzz: generated payloads through the Node server over HTTP',
  async () => {
    await fuzzAdapter(
      'node (HTTP)',
      fc.constant(undefined),
      (request) => fetch(new Request(`${server.url}/trigger`, request)),
      logs,
    )
  },
  FUZZ_TIMEOUT,
)
