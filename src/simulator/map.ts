import * as z from 'zod/mini'
import { expandUnions, issueMessage, oneOf } from '../issues.ts'

/**
 * The portal side of a hotline, as the simulator needs it: its DID, the root branch, and each branch by number.
 * Our code runs only at Trigger branches; everything else here stands in for what is configured on the portal.
 */

const describe = z.describe

const BranchNumber = z.pipe(
  z.union([
    z.string().check(z.regex(/^\d{1,10}$/, 'must be a branch number')),
    z.number().check(z.int(), z.nonnegative()),
  ]),
  z.transform(String),
)
const Key = z.pipe(
  z.union([
    z.string().check(z.regex(/^(?:[*#%]|\d{1,10})$/, 'must be 0-9, *, #, digits or %')),
    z.number().check(z.int(), z.nonnegative()),
  ]),
  z.transform(String),
)
/** What a portal branch plays: TTS text or a recording. */
const PlayItem = z.union([
  z.object({ tts: z.string().check(describe('Text read to the caller.')) }),
  z.object({
    album: BranchNumber.check(describe('The album of the recording.')),
    sort: BranchNumber.check(describe('The recording, by its sort number in the album.')),
  }),
])
const Name = z.optional(z.string().check(describe('A name for people (shown by `graph` and the dev page).')))
const Next = (what: string) => z.optional(BranchNumber.check(describe(what)))

const Content = z.object({
  type: z.literal('content').check(describe('A portal branch that plays something and may take keys.')),
  name: Name,
  play: z._default(z.array(PlayItem), []).check(describe('What it plays, in order: `{ tts }` or `{ album, sort }`.')),
  inputs: z
    ._default(z.record(Key, BranchNumber), {})
    .check(
      describe(
        'Keys live while it plays (`0`-`9`, `*`, `#`, digit strings; `%`: any key) and the branch each goes to.',
      ),
    ),
  next: Next('Where the call goes when play ends with no key; hang-up when absent.'),
  clearData: z
    ._default(z.boolean(), false)
    .check(describe('The portal\'s "Clear Data": entering this branch empties `branch_data`.')),
})

/** A trigger's name in its URL (`/trigger/<name>`): one plain path segment, never `.` or `..`. */
export const TRIGGER_NAME = /^[\w-]+$/

const Trigger = z.object({
  type: z.literal('trigger').check(describe('An API Branch Trigger: the platform asks your app where the call goes.')),
  name: Name,
  trigger: z
    ._default(z.string().check(z.regex(TRIGGER_NAME, 'must be a URL-safe name')), 'default')
    .check(describe("The trigger's name in its URL (`/trigger/<name>`); `default` (the default) for `/trigger`.")),
  noRouteFound: z
    .optional(z.union([BranchNumber, z.literal('hangup')]))
    .check(describe('The Trigger\'s "No Route Found" setting: a branch, or `hangup`.')),
})

const Album = z.object({
  type: z.literal('album').check(describe('An Album Collection branch: plays the album a variable names.')),
  name: Name,
  albumVariable: z
    .string()
    .check(describe('The variable naming the album to play (e.g. `album_num`, set by a Trigger).')),
  next: Next('Where the call goes after a recording is chosen, or when none is.'),
})

const Payment = z.object({
  type: z.literal('payment').check(describe('A payment branch: the caller enters a card.')),
  name: Name,
  amount: z
    .optional(z.string().check(z.regex(/^\d+(?:\.\d{1,2})?$/, 'must be dollars, e.g. 57 or 125.50')))
    .check(describe('A fixed amount in dollars ("57", "125.50")…')),
  amountCentsVariable: z
    .optional(z.string())
    .check(describe('…or the variable holding the amount in cents (e.g. `invoice_cents`, set by a Trigger).')),
  next: Next('Where the call goes after the payment.'),
})

const ContactData = z.object({
  type: z.literal('contact-data').check(describe("A Contact Data branch: sets variables from the caller's contact.")),
  name: Name,
  variables: z
    .record(z.string(), z.string())
    .check(describe('Variables to set, from contact fields: `{ caller_name: first_name }`.')),
  next: Next('Where the call goes next.'),
})

const TERMINAL_KINDS = ['transfer', 'queue', 'voicemail', 'hangup'] as const
const Terminal = z.object({
  type: z
    .literal('terminal')
    .check(describe('Where a simulated call ends: a transfer, queue, voicemail or hang-up branch.')),
  name: Name,
  kind: z.enum(TERMINAL_KINDS).check(describe('What ends the call here.')),
})

const BRANCH_TYPES = ['content', 'trigger', 'album', 'payment', 'contact-data', 'terminal'] as const

const BranchSchema = z.discriminatedUnion('type', [Content, Trigger, Album, Payment, ContactData, Terminal])
export type Branch = z.output<typeof BranchSchema>

export const IvrMapSchema = z
  .object({
    did: z
      .pipe(z.union([z.string(), z.number()]), z.transform(String))
      .check(describe("The hotline's number (`did` in Trigger requests).")),
    root: z._default(BranchNumber, '0').check(describe('Where a call enters (default `0`).')),
    branches: z
      .record(BranchNumber, BranchSchema)
      .check(describe('Each portal branch by its number; `type` says which kind it is.')),
  })
  .check(
    describe(
      'The portal side of a hotline, as the simulator needs it: its DID, the root branch, and each branch by number. Our code runs only at Trigger branches; everything else stands in for what is configured on the portal.',
    ),
    z.superRefine((map, ctx) => {
      const known = new Set(Object.keys(map.branches))
      if (!known.has(map.root))
        ctx.addIssue({
          code: 'custom',
          path: ['root'],
          message: `root branch ${map.root} is not defined`,
          input: map.root,
        })
      for (const [number, branch] of Object.entries(map.branches)) {
        for (const [field, target] of targetsOf(branch))
          if (target !== 'hangup' && !known.has(target))
            ctx.addIssue({
              code: 'custom',
              path: ['branches', number, ...field.split('.')],
              message: `branch ${target} is not defined`,
              input: target,
            })
      }
    }),
  )
export type IvrMap = z.output<typeof IvrMapSchema>
export type IvrMapInput = z.input<typeof IvrMapSchema>

/** The branches a portal branch can send the caller to, each with the field that names it. */
export function targetsOf(branch: Branch): [field: string, target: string][] {
  const targets: [string, string][] = []
  if ('next' in branch && branch.next !== undefined) targets.push(['next', branch.next])
  if (branch.type === 'content')
    for (const [key, target] of Object.entries(branch.inputs)) targets.push([`inputs.${key}`, target])
  if (branch.type === 'trigger' && branch.noRouteFound !== undefined)
    targets.push(['noRouteFound', branch.noRouteFound])
  return targets
}

/** What is wrong with a map, field by field: where (a path into the map) and what is allowed there. */
export interface MapProblem {
  readonly path: readonly PropertyKey[]
  readonly message: string
}

/** Parse a map (already decoded from JSON or YAML); errors say which branch and field are wrong. */
export function parseIvrMap(
  value: unknown,
): { ok: true; value: IvrMap } | { ok: false; error: string[]; problems: MapProblem[] } {
  const parsed = IvrMapSchema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  const problems = expandUnions(parsed.error.issues, value).map((issue) => ({
    path: issue.path,
    message:
      issue.code === 'invalid_union' && issue.path.at(-1) === 'type'
        ? `unknown branch type: expected ${oneOf(BRANCH_TYPES)}`
        : issueMessage(issue, value),
  }))
  return {
    ok: false,
    error: problems.map((problem) => `${problem.path.map(String).join('.') || 'map'}: ${problem.message}`),
    problems,
  }
}
