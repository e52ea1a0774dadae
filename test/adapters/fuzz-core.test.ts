import fc from 'fast-check'
import { it } from 'vitest'
import { fuzzApp } from '../fuzz/property.ts'
import { FUZZ_TIMEOUT, fuzzAdapter } from '../fuzz/run.ts'

// One file per adapter, so the long mode (`npm run fuzz`) runs them in parallel.
it(
  'fuzz: generated payloads through the core, in-process',
  async () => {
    const { app, logs } = fuzzApp()
    await fuzzAdapter('core', fc.constant(undefined), async (request) => app.fetch(request), logs)
  },
  FUZZ_TIMEOUT,
)
