/**
 * The fuzz property every adapter must hold, whatever the body: a 2xx carries a valid decision, anything else is a
 * 4xx JSON error; never a 5xx; and the request's card data appears in no answer and no log line.
 * Web-standard code only, so the Worker's fuzz test runs it inside workerd.
 */
import fc from 'fast-check'
import { app } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { checkDecision, type Logger, type LogRecord, memoryStore } from '../../src/index.ts'

/** `npm test` runs a few hundred cases with a fixed seed; `npm run fuzz` sets FUZZ_RUNS for the long mode. */
export const FUZZ_SEED = 20261127

export interface FuzzCase {
  readonly body: string
  readonly contentType: string | undefined
  /** Card values in the body, not found elsewhere in it: none may come out. */
  readonly secrets: readonly string[]
}

/** Arbitrary JSON, kept shallow: depth adds cost, not new paths through the parser. */
const json = fc.jsonValue({ maxDepth: 3 })
const digits = (min: number, max: number) => fc.integer({ min, max }).map(String)
const card = fc.record({
  // Ranges chosen so no card value can be mistaken for a branch number, a duration or an amount in the output.
  cvv: fc.oneof(digits(6000, 6999), digits(6000, 6999).map(Number)),
  expiration: fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 30, max: 39 }))
    .map(([m, y]) => `${String(m).padStart(2, '0')}${y}`),
  zip: digits(10000, 99999),
  phone: digits(2000000000, 9999999999),
  card_number: digits(4000000000000000, 4999999999999999),
})
const triggerFields = fc.record(
  {
    call_id: fc.oneof(fc.string(), fc.integer(), json),
    cid: fc.oneof(fc.constantFrom('8459511000', '7325550184', '6465557729', '2015550123'), json),
    cnam: json,
    contact_info: fc.oneof(fc.constant('null'), fc.dictionary(fc.string(), fc.string()), json),
    date_time: fc.oneof(fc.constant('2023-07-20 11:35:35'), fc.string()),
    did: json,
    branch_data: fc.oneof(json, fc.array(fc.record({ branch: json, input: json }, { requiredKeys: [] }))),
    variables: fc.oneof(json, fc.array(fc.dictionary(fc.string(), json))),
    extra: json,
  },
  { requiredKeys: [] },
)

export const fuzzCases: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: triggerFields }, { weight: 1, arbitrary: json }),
    fc.array(fc.record({ amount: fc.oneof(fc.constant('57'), json), last_four: digits(1000, 9999) }), {
      maxLength: 2,
    }),
    card,
    fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', undefined),
    fc.boolean(),
  )
  .map(([fields, payments, cardData, contentType, asForm]) => {
    const withPayment =
      fields !== null && typeof fields === 'object' && !Array.isArray(fields)
        ? { ...fields, payment_info: payments.map((payment) => ({ ...payment, ...cardData })) }
        : fields
    const rest = JSON.stringify(fields)
    const secrets = Object.values(cardData)
      .map(String)
      .filter((secret) => !rest.includes(secret))
    const form = asForm && withPayment !== null && typeof withPayment === 'object' && !Array.isArray(withPayment)
    const body = form
      ? new URLSearchParams(
          Object.entries(withPayment).map(([key, value]) => [
            key,
            typeof value === 'string' ? value : JSON.stringify(value),
          ]),
        ).toString()
      : JSON.stringify(withPayment)
    return { body, contentType, secrets: Array.isArray(payments) && payments.length > 0 ? secrets : [] }
  })

export function fuzzRequest(testCase: FuzzCase, base = 'http://local'): Request {
  return new Request(`${base}/trigger`, {
    method: 'POST',
    body: testCase.body,
    ...(testCase.contentType ? { headers: { 'content-type': testCase.contentType } } : {}),
  })
}

/**
 * The demo app, and a runtime with a seeded store whose log lines are kept for the leak check, capture lines
 * included (capture is on).
 */
export function fuzzApp() {
  const logs: LogRecord[] = []
  const logger: Logger = { write: (record) => void logs.push(record) }
  return { app, runtime: { store: memoryStore(callers), logger, tokens: undefined, capture: true }, logs }
}

export interface FuzzCounts {
  cases: number
  serverErrors: number
  invalidAnswers: number
  leaks: number
}

/** Check one answer; counts what went wrong, so a long run can report its totals. */
export async function checkAnswer(
  testCase: FuzzCase,
  response: Response,
  logs: LogRecord[],
  counts: FuzzCounts,
): Promise<string | undefined> {
  counts.cases++
  const text = await response.text()
  const written = JSON.stringify(logs.splice(0))
  if (response.status >= 500) {
    counts.serverErrors++
    return `status ${response.status}`
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    counts.invalidAnswers++
    return `not JSON: ${text.slice(0, 80)}`
  }
  const valid =
    response.status === 200
      ? checkDecision(json).ok
      : response.status >= 400 &&
        typeof (json as { error?: { code?: unknown; message?: unknown } }).error?.code === 'string' &&
        typeof (json as { error?: { message?: unknown } }).error?.message === 'string'
  if (!valid) {
    counts.invalidAnswers++
    return `invalid answer ${response.status}: ${text.slice(0, 80)}`
  }
  const leaked = testCase.secrets.find((secret) => text.includes(secret) || written.includes(secret))
  if (leaked) {
    counts.leaks++
    return `card data ${leaked} leaked`
  }
  return undefined
}

export function fuzzSummary(adapter: string, counts: FuzzCounts): string {
  return `fuzz ${adapter}: ${counts.cases} cases, 5xx=${counts.serverErrors}, invalid answers=${counts.invalidAnswers}, leaks=${counts.leaks}`
}

export function newCounts(): FuzzCounts {
  return { cases: 0, serverErrors: 0, invalidAnswers: 0, leaks: 0 }
}
