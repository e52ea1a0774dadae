import { type CapturedExchange, redact } from '../src/_internal.ts'
import type { TargetAnswer } from '../testing/index.ts'

/** What replay says of one exchange: the same answer, a changed one (and where), or a fallback now. */

/** One value that differs between the recorded answer and the new one; `undefined` is "absent". */
interface Difference {
  readonly path: string
  readonly before: unknown
  readonly after: unknown
}

export type ReplayStatus = 'same' | 'changed' | 'fallback'

export interface Replayed {
  readonly line: number
  readonly status: ReplayStatus
  readonly callId: string
  readonly trigger: string
  readonly at: string
  readonly route: { readonly before: string | undefined; readonly after: string | undefined }
  /** Why the answer is now a fallback. */
  readonly reason?: string
  readonly diff: readonly Difference[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Where two JSON values differ, as paths (`play[0].text`) with both sides: a compact diff. */
function jsonDiff(before: unknown, after: unknown, path = ''): Difference[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length)
    return Array.from({ length }, (_, index) => jsonDiff(before[index], after[index], `${path}[${index}]`)).flat()
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    return keys.flatMap((key) => jsonDiff(before[key], after[key], path ? `${path}.${key}` : key))
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '(answer)', before, after }]
}

/** Compare the recorded exchange with the answer it gets now. */
export function classify(
  exchange: CapturedExchange,
  line: number,
  answer: TargetAnswer,
  secretNames: readonly string[] = [],
): Replayed {
  const base = {
    line,
    callId: exchange.callId,
    trigger: exchange.trigger,
    at: new Date(exchange.at).toISOString(),
    route: { before: exchange.route, after: answer.route },
  }
  let decision: unknown
  try {
    decision = JSON.parse(answer.text)
  } catch {
    return { ...base, status: 'fallback', reason: `HTTP ${answer.status}, not JSON`, diff: [] }
  }
  // The recorded answer went through the log's redaction (with the app's secret names): the new one is compared the
  // same way.
  const diff = jsonDiff(exchange.decision, redact(decision, [], secretNames))
  if (answer.status !== 200) return { ...base, status: 'fallback', reason: `HTTP ${answer.status}`, diff }
  if (answer.fallback !== undefined && exchange.outcome !== 'fallback')
    return { ...base, status: 'fallback', reason: answer.fallback, diff }
  return { ...base, status: diff.length === 0 ? 'same' : 'changed', diff }
}
