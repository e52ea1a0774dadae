import * as z from 'zod/mini'
import type { Result } from '../errors.ts'
import { lazily } from '../lazily.ts'

/**
 * The answer the IVR applies (vendor "Response Code Sample"). On the wire every branch, album and sort number
 * is a string of digits; keys come in the sample's order: goto, play, inputs, variables.
 */

export const DIGITS = /^\d{1,10}$/
/** `0`–`9`, `*`, `#`, a string of digits, or `%` (any key). */
export const INPUT_KEY = /^(?:[*#%]|\d{1,10})$/
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
export const MAX_TTS_CHARS = 2000
export const MAX_VARIABLE_CHARS = 1000
export const MAX_PLAY_ITEMS = 50

const Digits = /* @__PURE__ */ lazily(() => z.string().check(z.regex(DIGITS, 'must be a string of digits')))

const PlayItemSchema = /* @__PURE__ */ lazily(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('file'), album: Digits(), sort: Digits() }),
    z.strictObject({
      type: z.literal('tts'),
      text: z.string().check(
        z.refine((text) => text.trim().length > 0, 'tts text is empty'),
        z.maxLength(MAX_TTS_CHARS, `tts text is longer than ${MAX_TTS_CHARS} characters`),
      ),
    }),
  ]),
)

/** Built on its first use: a flow answering with `reply()` is checked without zod (`builtProblem`). */
export const DecisionSchema = /* @__PURE__ */ lazily(() =>
  z.strictObject({
    goto: z.optional(Digits()),
    play: z.optional(z.array(PlayItemSchema()).check(z.maxLength(MAX_PLAY_ITEMS))),
    inputs: z.optional(z.record(z.string().check(z.regex(INPUT_KEY, 'is not a key a caller can press')), Digits())),
    variables: z.optional(
      z.record(
        z.string().check(z.regex(VARIABLE_NAME, 'is not a valid variable name')),
        z.string().check(z.maxLength(MAX_VARIABLE_CHARS)),
      ),
    ),
  }),
)

/** What the IVR receives. `{}` means "No Route Found": the portal's setting for this Trigger applies. */
export type Decision = z.output<ReturnType<typeof DecisionSchema>>
export type PlayItem = z.output<ReturnType<typeof PlayItemSchema>>

export interface DecisionIssue {
  readonly path: string
  readonly message: string
}

/** Check a decision before it is sent; the builder's types make most mistakes impossible, this catches the rest. */
export function checkDecision(value: unknown): Result<Decision, readonly DecisionIssue[]> {
  const parsed = DecisionSchema().safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  return {
    ok: false,
    error: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}`
          : // A bad record key: the rule it broke, not zod's generic "Invalid input".
            issue.code === 'invalid_key'
            ? (issue.issues[0]?.message ?? issue.message)
            : issue.message,
    })),
  }
}

/** The wire form with keys in the vendor sample's order. */
export function decisionJson(decision: Decision): string {
  const { goto, play, inputs, variables } = decision
  return JSON.stringify({ goto, play, inputs, variables })
}
