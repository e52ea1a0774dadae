import fc from 'fast-check'
import { it } from 'vitest'
import { fuzzApp } from '../fuzz/property.ts'
import { FUZZ_TIMEOUT, fuzzAdapter } from '../fuzz/run.ts'

// One file per adapter, so the long mode (`npm run fuzz`) runs them in parallel.
it(
  'fuzz: generated payloads through the core, in-process',
  async () => {
    const { app, runtime, logs } = fuzzApp()
    const handler = app.handler(runtime)
    await fuzzAdapter('core', fc.constant(undefined), (request) => handler.fetch(request), logs)
  },
  FUZZ_TIMEOUT,
)
