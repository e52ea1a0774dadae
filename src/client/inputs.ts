import * as z from 'zod/mini'
import { tenDigits } from '../phone.ts'

/**
 * What each Voitex client call accepts, checked before anything is sent: a call that fails here sends nothing.
 * Types are inferred from these schemas.
 */

const Phone = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((value, ctx) => {
    const national = tenDigits(String(value))
    if (national) return national
    ctx.issues.push({ code: 'custom', message: 'is not a 10-digit phone number', input: '' })
    return ''
  }),
)
const Number_ = z.pipe(
  z.union([z.string().check(z.regex(/^\d{1,10}$/, 'must be a number')), z.number().check(z.int(), z.nonnegative())]),
  z.transform(String),
)
const PhoneType = z.enum(['H', 'M'], 'must be H (home) or M (mobile)')
const BoundedText = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, 'is empty'), z.maxLength(max, `is longer than ${max} characters`))
const SCHEDULE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

export const UploadRecordingInput = z.object({
  album: Number_,
  sort: z.optional(Number_),
  file: z.instanceof(Blob),
  fileName: z.string().check(z.regex(/\.(wav|mp3)$/i, 'must name a .wav or .mp3 file')),
  displayName: z.optional(z.string()),
  override: z.optional(z.boolean()),
})
export type UploadRecordingInput = z.input<typeof UploadRecordingInput>

export const CreateTtsInput = z.object({
  album: Number_,
  sort: z.optional(Number_),
  text: BoundedText(5000),
  override: z.optional(z.boolean()),
})
export type CreateTtsInput = z.input<typeof CreateTtsInput>

export const NotificationCallInput = z.object({ cid: Phone, to: Phone, branchNumber: Number_, routeNumber: Phone })
export type NotificationCallInput = z.input<typeof NotificationCallInput>

export const MAX_SMS_CHARS = 1000
export const SendSmsInput = z.object({ from: Phone, to: Phone, body: BoundedText(MAX_SMS_CHARS) })
export type SendSmsInput = z.input<typeof SendSmsInput>

const CONTACT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'exp',
  'notes',
  'address',
  'city',
  'state',
  'zip',
  ...Array.from('abcdefghij', (letter) => `field_${letter}` as const),
] as const
export type ContactField = (typeof CONTACT_FIELDS)[number]

export const CreateContactInput = z.object({
  phones: z.union([Phone, z.array(Phone).check(z.minLength(1, 'needs at least one phone'))]),
  phoneType: z.optional(PhoneType),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  label: z.optional(Number_),
})
export type CreateContactInput = z.input<typeof CreateContactInput>

const Labels = z.array(Number_).check(z.minLength(1, 'needs at least one label'))

export const UpdateContactInput = z.object({
  /** Locates the contact: any phone already on it. */
  phone: Phone,
  /** Contact and custom fields (`field_a`…`field_j`, or any enabled one); an empty string clears a field. */
  fields: z.optional(z.record(z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'is not a field name')), z.string())),
  /** New type of the locator phone. */
  phoneType: z.optional(PhoneType),
  addPhone: z.optional(Phone),
  addPhoneType: z.optional(PhoneType),
  removePhone: z.optional(Phone),
  addLabels: z.optional(Labels),
  removeLabels: z.optional(Labels),
})
export type UpdateContactInput = z.input<typeof UpdateContactInput>

export const ContactLocator = z.object({ phone: Phone })
export type ContactLocator = z.input<typeof ContactLocator>

/** Exactly one recipient mode: one number, a list (1–19 single sends, 20+ a group broadcast), or contact labels. */
const Recipients = z
  .object({
    to: z.optional(Phone),
    phones: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'is empty'))),
    labels: z.optional(Labels),
    /** Which phones of labelled contacts: H, M or both (the default). */
    phoneTypes: z.optional(z.array(PhoneType)),
  })
  .check(
    z.refine(
      (value) => [value.to, value.phones, value.labels].filter((mode) => mode !== undefined).length === 1,
      'give exactly one of to, phones or labels',
    ),
  )

/** The compile-time half of "exactly one of": a second recipient mode does not type-check. */
export type RecipientMode =
  | { readonly to: string | number; readonly phones?: never; readonly labels?: never }
  | { readonly phones: readonly string[]; readonly to?: never; readonly labels?: never }
  | {
      readonly labels: readonly (string | number)[]
      readonly phoneTypes?: readonly ('H' | 'M')[]
      readonly to?: never
      readonly phones?: never
    }

const Common = z.object({
  /** The DID on your account to send from (`cid`). */
  from: Phone,
  title: z.optional(z.string()),
  /** `YYYY-MM-DD HH:MM:SS`; now when omitted. */
  sendAt: z.optional(z.string().check(z.regex(SCHEDULE, 'must be YYYY-MM-DD HH:MM:SS'))),
  dnc: z.optional(z.boolean()),
  confirm: z.optional(z.boolean()),
})

const SmsPart = z.object({
  type: z.literal('SMS'),
  body: BoundedText(MAX_SMS_CHARS),
  /** MMS attachments. */
  attachments: z.optional(z.array(z.object({ file: z.instanceof(Blob), fileName: z.string() }))),
})
const CallPart = z.object({
  type: z.literal('CALL'),
  call: z.discriminatedUnion('type', [
    z
      .object({
        type: z.literal('stream'),
        recording: z.optional(z.string().check(z.minLength(1))),
        sfileId: z.optional(Number_),
      })
      .check(
        z.refine(
          (call) => (call.recording === undefined) !== (call.sfileId === undefined),
          'a stream call needs exactly one of recording or sfileId',
        ),
      ),
    z.object({
      type: z.literal('goto'),
      branchNumber: Number_,
      routeNumber: Phone,
      greeting: z.optional(z.unknown()),
      variables: z.optional(z.record(z.string(), z.string())),
    }),
  ]),
})

export const NotifyInputSchema = z.intersection(
  z.intersection(Common, Recipients),
  z.discriminatedUnion('type', [SmsPart, CallPart]),
)
export type NotifyInput = z.input<typeof NotifyInputSchema> & RecipientMode
