import fc from 'fast-check'
import { it } from 'vitest'
import { toLambdaHandler } from 'voitex-trigger/lambda'
import { fuzzApp } from '../fuzz/property.ts'
import { FUZZ_TIMEOUT, fuzzAdapter } from '../fuzz/run.ts'
import { EVENT_KINDS, lambdaContext, requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'

it(
  'fuzz: generated payloads through the Lambda handler, each case as one of the four event types',
  async () => {
    const { app, runtime, logs } = fuzzApp()
    const handler = toLambdaHandler(app, runtime)
    await fuzzAdapter(
      'lambda (v1, v2, function URL, ALB)',
      fc.constantFrom(...EVENT_KINDS),
      async (request, kind) => resultToResponse(await handler(await requestToEvent(request, kind), lambdaContext)),
      logs,
    )
  },
  FUZZ_TIMEOUT,
)
