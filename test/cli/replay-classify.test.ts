import { describe, expect, it } from 'vitest'
import { classify } from '../../cli/replay-diff.ts'
import type { CapturedExchange } from '../../src/_internal.ts'

// How replay compares a recorded answer (redacted when it was captured) with the answer it gets now.
const exchange: CapturedExchange = {
  at: Date.UTC(2026, 11, 1, 15),
  timeZone: 'UTC',
  callId: 'c-1',
  trigger: 'default',
  flow: 'members',
  version: 'stable',
  body: { call_id: 'c-1', cid: '8455550101', branch_data: [] },
  lookups: [],
  outcome: 'decision',
  route: 'member',
  reason: undefined,
  decision: { goto: '10', variables: { member_code: '[redacted]' } },
}
const answer = { status: 200, text: JSON.stringify({ goto: '10', variables: { member_code: '4711' } }) }

describe('replay compares answers the way they were captured', () => {
  it("blanks the app's own secret names in the new answer too: an unchanged flow reads as unchanged", () => {
    expect(classify(exchange, 1, answer, ['member_code'])).toMatchObject({ status: 'same', diff: [] })
  })

  it('without those names, the blanked value reads as a change (what an app with its own names would have seen)', () => {
    expect(classify(exchange, 1, answer)).toMatchObject({ status: 'changed' })
  })
})
