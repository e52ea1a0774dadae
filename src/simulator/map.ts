import * as z from 'zod/mini'

/**
 * The portal side of a hotline, as the simulator needs it: its DID, the root branch, and each branch by number.
 * Our code runs only at Trigger branches; everything else here stands in for what is configured on the portal.
 */

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
const PlayItem = z.union([z.object({ tts: z.string() }), z.object({ album: BranchNumber, sort: BranchNumber })])
const Name = z.optional(z.string())

const Content = z.object({
  type: z.literal('content'),
  name: Name,
  play: z._default(z.array(PlayItem), []),
  /** Keys live while it plays, and where each goes (`%`: any key). */
  inputs: z._default(z.record(Key, BranchNumber), {}),
  /** Where the call goes when play ends with no key; hang-up when absent. */
  next: z.optional(BranchNumber),
  /** The portal's "Clear Data": entering this branch empties branch_data. */
  clearData: z._default(z.boolean(), false),
})

/** A trigger's name in its URL (`/trigger/<name>`): one plain path segment, never `.` or `..`. */
export const TRIGGER_NAME = /^[\w-]+$/

const Trigger = z.object({
  type: z.literal('trigger'),
  name: Name,
  /** The trigger's name in its URL (`/trigger/<name>`); `default` for `/trigger`. */
  trigger: z._default(z.string().check(z.regex(TRIGGER_NAME, 'must be a URL-safe name')), 'default'),
  /** The Trigger's "No Route Found" setting: a branch, or `hangup`. */
  noRouteFound: z.optional(z.union([BranchNumber, z.literal('hangup')])),
})

const Album = z.object({
  type: z.literal('album'),
  name: Name,
  /** The variable naming the album to play (e.g. `album_num`, set by a Trigger). */
  albumVariable: z.string(),
  /** Where the call goes after a recording is chosen, or when none is. */
  next: z.optional(BranchNumber),
})

const Payment = z.object({
  type: z.literal('payment'),
  name: Name,
  /** A fixed amount in dollars ("57", "125.50")… */
  amount: z.optional(z.string().check(z.regex(/^\d+(?:\.\d{1,2})?$/, 'must be dollars, e.g. 57 or 125.50'))),
  /** …or the variable holding the amount in cents (e.g. `invoice_cents`, set by a Trigger). */
  amountCentsVariable: z.optional(z.string()),
  next: z.optional(BranchNumber),
})

const ContactData = z.object({
  type: z.literal('contact-data'),
  name: Name,
  /** Variables to set, from contact fields: `{ caller_name: first_name }`. */
  variables: z.record(z.string(), z.string()),
  next: z.optional(BranchNumber),
})

const Terminal = z.object({
  type: z.literal('terminal'),
  name: Name,
  /** What ends the simulated call here: the portal's transfer, queue, voicemail or hang-up branches. */
  kind: z.enum(['transfer', 'queue', 'voicemail', 'hangup']),
})

export const BranchSchema = z.discriminatedUnion('type', [Content, Trigger, Album, Payment, ContactData, Terminal])
export type Branch = z.output<typeof BranchSchema>

export const IvrMapSchema = z
  .object({
    did: z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
    /** Where a call enters (default `0`). */
    root: z._default(BranchNumber, '0'),
    branches: z.record(BranchNumber, BranchSchema),
  })
  .check(
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

/** Parse a map (already decoded from JSON or YAML); errors say which branch and field are wrong. */
export function parseIvrMap(value: unknown): { ok: true; value: IvrMap } | { ok: false; error: string[] } {
  const parsed = IvrMapSchema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  return {
    ok: false,
    error: parsed.error.issues.map((issue) => {
      const where = issue.path.map(String).join('.') || 'map'
      if (issue.code === 'invalid_union' && issue.path.at(-1) === 'type') return `${where}: unknown branch type`
      return `${where}: ${issue.message}`
    }),
  }
}
