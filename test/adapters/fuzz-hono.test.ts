import fc from 'fast-check'
import { Hono } from 'hono'
import { it } from 'vitest'
import { triggerRoutes } from 'voitex-trigger/hono'
import { fuzzApp } from '../fuzz/property.ts'
import { FUZZ_TIMEOUT, fuzzAdapter } from '../fuzz/run.ts'

it(
  'fuzz: generated payloads through the Trigger routes mounted in a Hono app',
  async () => {
    const { app, runtime, logs } = fuzzApp()
    const users = new Hono().route('/', triggerRoutes(app, runtime))
    await fuzzAdapter('hono', fc.constant(undefined), async (request) => await users.fetch(request), logs)
  },
  FUZZ_TIMEOUT,
)
