import { createExecutionContext, env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toWorker } from 'voitex-trigger/cloudflare'
import { checkAnswer, FUZZ_SEED, fuzzApp, fuzzCases, fuzzRequest, fuzzSummary, newCounts } from '../fuzz/property.ts'

// Inside workerd: the demo app as a module Worker (fetch(request, env, ctx)) with the runtime's own Request,
// streams, crypto and timers. FUZZ_RUNS comes from vitest.config.ts (`npm run fuzz` sets it).
const RUNS = Number(env.FUZZ_RUNS || 150)

describe('fuzz: generated payloads through the Worker in workerd', () => {
  it(
    'gives a valid decision or a 4xx JSON error, never a 5xx, and leaks no card data',
    async () => {
      const { app, runtime, logs } = fuzzApp()
      const worker = toWorker(app, {
        store: () => runtime.store,
        logger: runtime.logger,
        capture: runtime.capture,
      })
      const counts = newCounts()
      await fc.assert(
        fc.asyncProperty(fuzzCases, async (testCase) => {
          expect(
            await checkAnswer(
              testCase,
              await worker.fetch(fuzzRequest(testCase), env, createExecutionContext()),
              logs,
              counts,
            ),
          ).toBeUndefined()
        }),
        { seed: FUZZ_SEED, numRuns: RUNS },
      )
      console.log(fuzzSummary('worker (workerd)', counts))
      expect(counts).toEqual({ cases: RUNS, serverErrors: 0, invalidAnswers: 0, leaks: 0 })
    },
    Math.max(30_000, RUNS * 5),
  )
})
