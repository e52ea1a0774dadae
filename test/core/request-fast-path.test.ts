import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTriggerRequest } from '../../src/_internal.ts'
import { TRIGGER_FIELDS, TriggerRequestSchema } from '../../src/request/schema.ts'

// parseTriggerRequest reads common requests without zod; the schema stays the source of truth. Whatever the body,
// both must accept and refuse alike and produce the same request, field for field (undefined and missing apart).
const RUNS = { seed: 20261205, numRuns: 3000 }

const KNOWN = new Set(Object.keys(TriggerRequestSchema().shape))

/** What the schema alone makes of `body` (the reading before the fast path). */
function bySchema(body: Record<string, unknown>) {
  const parsed = TriggerRequestSchema().safeParse(body)
  if (!parsed.success) return undefined
  const extra: Record<string, unknown> = {}
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) extra[key] = body[key]
  return { ...parsed.data, extra }
}

const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(' 0 ', '', '57.50', '$1,057.50', 'null', '4111111111111111', '1e21', '  ', '12'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
)
/** Anything a field may hold: scalars, objects (plain, with `__proto__`, prototype-less), lists, JSON text of them. */
const odd = fc.oneof(
  fc.constant({}),
  fc.constant([]),
  fc.constant(JSON.parse('{"__proto__":{"a":"1"},"b":"2"}')),
  fc.constant(Object.assign(Object.create(null), { a: '1' })),
  fc.constant([null]),
  fc.constant([1, 'x']),
)
const record = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(' a ', '0', '1', 'branch')),
  scalar,
  {
    maxKeys: 4,
  },
)
const step = fc.record(
  { branch: fc.oneof(scalar, odd), input: fc.oneof(scalar, odd), extra: scalar },
  { requiredKeys: [] },
)
const payment = fc.record(
  { amount: fc.oneof(scalar, odd), last_four: scalar, transaction_id: fc.oneof(scalar, odd), cvv: scalar },
  { requiredKeys: [] },
)
const listOf = <T>(item: fc.Arbitrary<T>) =>
  fc.oneof(
    fc.array(item, { maxLength: 3 }),
    item,
    scalar,
    odd,
    fc.array(item, { maxLength: 3 }).map((items) => JSON.stringify(items)),
  )

const body = fc.record(
  {
    call_id: fc.oneof(scalar, odd),
    cid: fc.oneof(scalar, scalar, odd),
    cnam: scalar,
    did: fc.oneof(scalar, odd),
    date_time: scalar,
    contact_info: fc.oneof(
      record,
      scalar,
      odd,
      record.map((value) => JSON.stringify(value)),
    ),
    branch_data: listOf(step),
    payment_info: listOf(payment),
    variables: listOf(fc.oneof(record, odd)),
    surprise: fc.oneof(scalar, odd),
  },
  { requiredKeys: ['call_id'] },
)

describe('the request fast path', () => {
  it('accepts and refuses exactly what the schema does, and reads the same request from it', () => {
    fc.assert(
      fc.property(body, (sent) => {
        const expected = bySchema(sent)
        const parsed = parseTriggerRequest(sent)
        if (expected === undefined) expect(parsed.ok).toBe(false)
        else expect(parsed).toStrictEqual({ ok: true, value: expected })
      }),
      RUNS,
    )
  })

  it('reads the vendor sample as the schema does', () => {
    const sample = {
      call_id: 'AST10-1689867312.264',
      cid: 8459511000,
      cnam: ' ',
      contact_info: 'null',
      date_time: '2023-07-20 11:35:35',
      did: '8459511110',
      branch_data: [{ branch: '0', input: '1' }, { branch: 12 }],
      payment_info: { amount: '$1,057.50', last_four: '4444', cvv: '123', transaction_id: 7 },
      variables: [{ ' plan ': 'gold' }, { plan: 'silver', n: 2, o: { a: 1 } }],
    }
    expect(parseTriggerRequest(sample)).toStrictEqual({ ok: true, value: bySchema(sample) })
  })

  it('tells known fields from extra ones by the same list the schema reads', () => {
    expect([...TRIGGER_FIELDS].sort()).toEqual(Object.keys(TriggerRequestSchema().shape).sort())
  })
})
