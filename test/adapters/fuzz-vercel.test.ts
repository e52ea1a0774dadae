import fc from 'fast-check'
import { it } from 'vitest'
import { toVercelFunction } from '../../adapters/vercel/adapter.ts'
import { fuzzApp } from '../fuzz/property.ts'
import { FUZZ_TIMEOUT, fuzzAdapter } from '../fuzz/run.ts'

it(
  'fuzz: generated payloads through the Vercel function',
  async () => {
    const { app, logs } = fuzzApp()
    const fn = toVercelFunction(app)
    await fuzzAdapter('vercel', fc.constant(undefined), (request) => fn.fetch(request), logs)
  },
  FUZZ_TIMEOUT,
)
