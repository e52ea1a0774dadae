import * as z from 'zod/mini'
import { lazily } from '../lazily.ts'
import { tenDigits } from '../phone.ts'

/**
 * What each Voitex client call accepts, checked before anything is sent: a call that fails here sends nothing.
 * Types are inferred from these schemas.
 */

const SCHEDULE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
export const MAX_SMS_CHARS = 1000

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

/** Built on the first client call that needs them: a cold start that sends nothing pays nothing for them. */
export const inputSchemas = /* @__PURE__ */ lazily(() => {
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

  const UploadRecordingInput = z.object({
    album: Number_,
    sort: z.optional(Number_),
    file: z.instanceof(Blob),
    fileName: z.string().check(z.regex(/\.(wav|mp3)$/i, 'must name a .wav or .mp3 file')),
    displayName: z.optional(z.string()),
    override: z.optional(z.boolean()),
  })

  const CreateTtsInput = z.object({
    album: Number_,
    sort: z.optional(Number_),
    text: BoundedText(5000),
    override: z.optional(z.boolean()),
  })

  const NotificationCallInput = z.object({ cid: Phone, to: Phone, branchNumber: Number_, routeNumber: Phone })

  const SendSmsInput = z.object({ from: Phone, to: Phone, body: BoundedText(MAX_SMS_CHARS) })

  const CreateContactInput = z.object({
    phones: z.union([Phone, z.array(Phone).check(z.minLength(1, 'needs at least one phone'))]),
    phoneType: z.optional(PhoneType),
    firstName: z.optional(z.string()),
    lastName: z.optional(z.string()),
    label: z.optional(Number_),
  })

  const Labels = z.array(Number_).check(z.minLength(1, 'needs at least one label'))

  const UpdateContactInput = z.object({
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

  const ContactLocator = z.object({ phone: Phone })

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

  const NotifyInputSchema = z.intersection(
    z.intersection(Common, Recipients),
    z.discriminatedUnion('type', [SmsPart, CallPart]),
  )
  return {
    UploadRecordingInput,
    CreateTtsInput,
    NotificationCallInput,
    SendSmsInput,
    CreateContactInput,
    UpdateContactInput,
    ContactLocator,
    NotifyInputSchema,
  }
})
type InputSchemas = ReturnType<typeof inputSchemas>

export type UploadRecordingInput = z.input<InputSchemas['UploadRecordingInput']>
export type CreateTtsInput = z.input<InputSchemas['CreateTtsInput']>
export type NotificationCallInput = z.input<InputSchemas['NotificationCallInput']>
export type SendSmsInput = z.input<InputSchemas['SendSmsInput']>
export type CreateContactInput = z.input<InputSchemas['CreateContactInput']>
export type UpdateContactInput = z.input<InputSchemas['UpdateContactInput']>
export type ContactLocator = z.input<InputSchemas['ContactLocator']>
export type NotifyInput = z.input<InputSchemas['NotifyInputSchema']> & RecipientMode
