import fc from 'fast-check'
import { it } from 'vitest'
import { toVercelFunction } from 'voitex-trigger/vercel'
import { fuzzApp } from '../fuzz/property.ts'
import { FUZZ_TIMEOUT, fuzzAdapter } from '../fuzz/run.ts'

it(
  'fuzz: generated payloads through the Vercel function',
  async () => {
    const { app, runtime, logs } = fuzzApp()
    const fn = toVercelFunction(app, runtime)
    await fuzzAdapter('vercel', fc.constant(undefined), (request) => fn.fetch(request), logs)
  },
  FUZZ_TIMEOUT,
)
