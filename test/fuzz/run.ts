import fc from 'fast-check'
import { expect } from 'vitest'
import type { LogRecord } from '../../src/index.ts'
import { checkAnswer, FUZZ_SEED, fuzzCases, fuzzRequest, fuzzSummary, newCounts } from './property.ts'

/** `npm test`: 150 cases per adapter. `npm run fuzz`: FUZZ_RUNS (100,000) per adapter. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS || 150)
export const FUZZ_TIMEOUT = Math.max(30_000, FUZZ_RUNS * 5)

/** Run the fuzz property through one adapter; `variant` picks, per case, a variation such as the Lambda event type. */
export async function fuzzAdapter<V>(
  adapter: string,
  variant: fc.Arbitrary<V>,
  send: (request: Request, variant: V) => Promise<Response>,
  logs: LogRecord[],
): Promise<void> {
  const counts = newCounts()
  await fc.assert(
    fc.asyncProperty(fuzzCases, variant, async (testCase, chosen) => {
      expect(await checkAnswer(testCase, await send(fuzzRequest(testCase), chosen), logs, counts)).toBeUndefined()
    }),
    { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
  )
  console.log(fuzzSummary(adapter, counts))
  expect(counts).toEqual({ cases: FUZZ_RUNS, serverErrors: 0, invalidAnswers: 0, leaks: 0 })
}
