import * as z from 'zod/mini'
import { lazily } from '../lazily.ts'

/** What the Voitex APIs answer, with their documented quirks (vendor text, "Response Code Sample" of each API). */

/** Notify's documented statuses, as an object: its type keeps this order in declarations (a list's would not). */
const NOTIFY_STATUSES = {
  success: 'success',
  partial_success: 'partial_success',
  failure: 'failure',
  error: 'error',
} as const

/** Built on the first answer that needs them, like the inputs' schemas. */
export const responseSchemas = /* @__PURE__ */ lazily(() => {
  /** `errors` is documented as an array of strings; tolerate one string too. */
  const Errors = z.pipe(
    z.optional(z.union([z.array(z.unknown()), z.string(), z.null()])),
    z.transform((value) => (value == null ? [] : Array.isArray(value) ? value.map(String) : [value])),
  )

  /** Upload Recording, Create TTS, Notification Call, Send SMS and Contacts share this envelope. */
  const BasicResponse = z.looseObject({
    status: z.string(),
    data: z.optional(z.unknown()),
    reference_id: z.optional(z.string()),
    errors: Errors,
  })

  /** Send SMS gives `data` as JSON text with padded keys ("from ", "did_type "); read as an object with trimmed keys. */
  const SmsData = z.pipe(
    z.unknown(),
    z.transform((value) => {
      let data: unknown = value
      if (typeof value === 'string') {
        try {
          data = JSON.parse(value)
        } catch {
          return { raw: value }
        }
      }
      const record: Record<string, string> = {}
      if (data !== null && typeof data === 'object')
        for (const [key, field] of Object.entries(data)) record[key.trim()] = String(field ?? '').trim()
      return record
    }),
  )

  const ContactSelection = z.object({
    contact: z.record(z.string(), z.nullable(z.union([z.string(), z.number()]))),
    phones: z.array(z.object({ phone: z.string(), type: z.string() })),
    labels: z.array(z.pipe(z.union([z.number(), z.string()]), z.transform(Number))),
  })

  const NotifyResponse = z.looseObject({
    request_id: z.optional(z.string()),
    status: z.enum(NOTIFY_STATUSES),
    batch_id: z.optional(z.string()),
    group_id: z.optional(z.string()),
    summary: z.optional(
      z.looseObject({
        route: z.optional(z.string()),
        type: z.optional(z.string()),
        mode: z.optional(z.string()),
        valid_count: z.optional(z.nullable(z.number())),
        invalid_count: z.optional(z.number()),
        recipient_estimate: z.optional(z.number()),
      }),
    ),
    invalid: z.optional(z.record(z.string(), z.string())),
    errors: Errors,
    warnings: z.optional(z.unknown()),
  })
  return { BasicResponse, SmsData, ContactSelection, NotifyResponse }
})
type ResponseSchemas = ReturnType<typeof responseSchemas>

export type ContactSelection = z.output<ResponseSchemas['ContactSelection']>
export type NotifyResponse = z.output<ResponseSchemas['NotifyResponse']>
