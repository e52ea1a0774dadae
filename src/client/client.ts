import {
  type ContactLocator,
  type CreateContactInput,
  type CreateTtsInput,
  inputSchemas,
  type NotificationCallInput,
  type NotifyInput,
  type SendSmsInput,
  type UpdateContactInput,
  type UploadRecordingInput,
} from './inputs.ts'
import { type ContactSelection, type NotifyResponse, responseSchemas } from './responses.ts'
import {
  type Fields,
  failure,
  form,
  inputError,
  type TransportOptions,
  urlEncoded,
  type VoitexResult,
  voitexTransport,
} from './transport.ts'

/** Where each Voitex service lives. */
export interface VoitexUrls {
  readonly recording: string
  readonly notificationCall: string
  readonly notify: string
  readonly sms: string
  readonly contacts: string
}

export const VOITEX_URLS: VoitexUrls = {
  recording: 'https://recording.voitexapi.com/upload/',
  notificationCall: 'https://notify.voitexapi.com/',
  notify: 'https://notify.voitexapi.com/notify/',
  sms: 'https://sms.voitexapi.com/send/',
  contacts: 'https://contacts.voitexapi.com/',
}

/** The same services on the local emulator (`npm run emulator`), each under a path named after its host. */
export function emulatorUrls(base = 'http://127.0.0.1:8788'): VoitexUrls {
  const root = base.replace(/\/$/, '')
  return {
    recording: `${root}/recording/upload/`,
    notificationCall: `${root}/notify/`,
    notify: `${root}/notify/notify/`,
    sms: `${root}/sms/send/`,
    contacts: `${root}/contacts/`,
  }
}

export interface VoitexClientOptions extends TransportOptions {
  readonly urls?: Partial<VoitexUrls>
}

export interface CallOptions {
  /** Retry this call on network errors, time-outs and 5xx: only for calls whose repetition is harmless. */
  readonly idempotent?: boolean
}

export interface RecordingCreated {
  readonly recordingId: string
}
export interface SmsSent {
  readonly to: string
  readonly from: string
  readonly body: string
  readonly didType: string | undefined
  readonly referenceId: string | undefined
}
export interface NotifyAccepted {
  readonly status: 'success' | 'partial_success'
  readonly requestId: string | undefined
  /** Single sends (`to`, or 1–19 phones). */
  readonly batchId: string | undefined
  /** Group broadcasts (20+ phones, or labels). */
  readonly groupId: string | undefined
  readonly summary: NotifyResponse['summary']
  readonly invalid: Readonly<Record<string, string>>
}

/**
 * Typed, fetch-based helpers for every Voitex client-side API (Workers, Lambda, Vercel, Node). Inputs are checked
 * before sending; expected failures are returned as `{ ok: false, error }`, never thrown. An SMS, a call or a
 * notify is sent at most once by the client; only `contacts.select` (and calls marked idempotent) are retried.
 */
export function createVoitexClient(options: VoitexClientOptions) {
  const urls = { ...VOITEX_URLS, ...options.urls }
  const { post, envelope, clean } = voitexTransport(options)
  const yesNo = (flag: boolean | undefined) => (flag === undefined ? undefined : flag ? 'yes' : 'no')
  const oneZero = (flag: boolean | undefined) => (flag === undefined ? undefined : flag ? '1' : '0')

  async function recording(fields: Fields, call: CallOptions): Promise<VoitexResult<RecordingCreated>> {
    const result = await envelope(urls.recording, form(fields), call.idempotent === true)
    return result.ok ? { ok: true, value: { recordingId: String(result.value.data ?? '') } } : result
  }

  const contact = async (fields: Record<string, string | undefined>, retry: boolean) =>
    envelope(urls.contacts, urlEncoded(fields), retry)
  const done = (result: Awaited<ReturnType<typeof contact>>): VoitexResult<string> =>
    result.ok ? { ok: true, value: String(result.value.data ?? '') } : result

  return {
    /** Upload a wav/mp3 recording to an album; the next free sort number when `sort` is omitted. */
    async uploadRecording(
      input: UploadRecordingInput,
      call: CallOptions = {},
    ): Promise<VoitexResult<RecordingCreated>> {
      const parsed = inputSchemas().UploadRecordingInput.safeParse(input)
      if (!parsed.success) return inputError(parsed.error)
      const { album, sort, file, fileName, displayName, override } = parsed.data
      return recording(
        {
          album_number: album,
          sort_number: sort,
          upload_file: { file, name: fileName },
          display_name: displayName,
          override: yesNo(override),
        },
        call,
      )
    },

    /** Create a TTS recording in an album. */
    async createTts(input: CreateTtsInput, call: CallOptions = {}): Promise<VoitexResult<RecordingCreated>> {
      const parsed = inputSchemas().CreateTtsInput.safeParse(input)
      if (!parsed.success) return inputError(parsed.error)
      const { album, sort, text, override } = parsed.data
      return recording({ album_number: album, sort_number: sort, type: 'tts', text, override: yesNo(override) }, call)
    },

    /** The legacy Notification Call: call `to` from `cid` and send them to an IVR branch. */
    async notificationCall(input: NotificationCallInput): Promise<VoitexResult<{ referenceId: string }>> {
      const parsed = inputSchemas().NotificationCallInput.safeParse(input)
      if (!parsed.success) return inputError(parsed.error)
      const { cid, to, branchNumber, routeNumber } = parsed.data
      const body = form({ cid, to, type: 'goto', route_number: routeNumber, branch_number: branchNumber })
      const result = await envelope(urls.notificationCall, body, false)
      return result.ok ? { ok: true, value: { referenceId: result.value.reference_id ?? '' } } : result
    },

    /** The legacy Send SMS API. */
    async sendSms(input: SendSmsInput): Promise<VoitexResult<SmsSent>> {
      const parsed = inputSchemas().SendSmsInput.safeParse(input)
      if (!parsed.success) return inputError(parsed.error)
      const result = await envelope(urls.sms, form(parsed.data), false)
      if (!result.ok) return result
      const data = responseSchemas().SmsData.parse(result.value.data)
      return {
        ok: true,
        value: {
          to: data.to ?? parsed.data.to,
          from: data.from ?? parsed.data.from,
          body: data.body ?? parsed.data.body,
          didType: data.did_type,
          referenceId: data.reference_id ?? data.referenceID ?? data.referenceId,
        },
      }
    },

    contacts: {
      /** Create a contact; fails if any of its phones is already on a contact. */
      async create(input: CreateContactInput): Promise<VoitexResult<string>> {
        const parsed = inputSchemas().CreateContactInput.safeParse(input)
        if (!parsed.success) return inputError(parsed.error)
        const { phones, phoneType, firstName, lastName, label } = parsed.data
        const phone = Array.isArray(phones) ? phones.join(',') : phones
        return done(
          await contact(
            { function: 'create', phone, phone_type: phoneType, first_name: firstName, last_name: lastName, label },
            false,
          ),
        )
      },

      /** Update one contact, located by any of its phones: fields, phone type, one phone added/removed, labels. */
      async update(input: UpdateContactInput, call: CallOptions = {}): Promise<VoitexResult<string>> {
        const parsed = inputSchemas().UpdateContactInput.safeParse(input)
        if (!parsed.success) return inputError(parsed.error)
        const { phone, fields, phoneType, addPhone, addPhoneType, removePhone, addLabels, removeLabels } = parsed.data
        return done(
          await contact(
            {
              ...fields,
              function: 'update',
              phone,
              phone_type: phoneType,
              add_phone: addPhone,
              add_phone_type: addPhoneType,
              remove_phone: removePhone,
              add_label: addLabels?.join(','),
              remove_label: removeLabels?.join(','),
            },
            call.idempotent === true,
          ),
        )
      },

      /** Delete a contact: all its phones and label memberships (labels themselves stay). */
      async delete(input: ContactLocator): Promise<VoitexResult<string>> {
        const parsed = inputSchemas().ContactLocator.safeParse(input)
        if (!parsed.success) return inputError(parsed.error)
        return done(await contact({ function: 'delete', phone: parsed.data.phone }, false))
      },

      /** A contact's fields, phones with types, and label numbers. Retried on transient failures: it reads only. */
      async select(input: ContactLocator): Promise<VoitexResult<ContactSelection>> {
        const parsed = inputSchemas().ContactLocator.safeParse(input)
        if (!parsed.success) return inputError(parsed.error)
        const result = await contact({ function: 'select', phone: parsed.data.phone }, true)
        if (!result.ok) return result
        const selection = responseSchemas().ContactSelection.safeParse(result.value.data)
        return selection.success
          ? { ok: true, value: selection.data }
          : failure('invalid_response', 'select answered a contact of an unknown shape')
      },
    },

    /** The Notify API: SMS or CALL to one number, a list, or contact labels. */
    async notify(input: NotifyInput): Promise<VoitexResult<NotifyAccepted>> {
      const parsed = inputSchemas().NotifyInputSchema.safeParse(input)
      if (!parsed.success) return inputError(parsed.error)
      const request = parsed.data
      const fields: Fields = {
        type: request.type,
        cid: request.from,
        to: request.to,
        phones: request.phones?.join(','),
        label: request.labels?.join(','),
        phone_type: request.phoneTypes?.join(','),
        title: request.title,
        to_be_sent: request.sendAt,
        dnc: oneZero(request.dnc),
        confirm: oneZero(request.confirm),
      }
      if (request.type === 'SMS') {
        fields.body = request.body
        fields.attachments = request.attachments?.map((attachment) => ({
          file: attachment.file,
          name: attachment.fileName,
        }))
      } else if (request.call.type === 'goto') {
        Object.assign(fields, {
          call_type: 'goto',
          branch_number: request.call.branchNumber,
          route_number: request.call.routeNumber,
          greeting: request.call.greeting === undefined ? undefined : JSON.stringify(request.call.greeting),
          variables: request.call.variables === undefined ? undefined : JSON.stringify(request.call.variables),
        })
      } else {
        Object.assign(fields, {
          call_type: 'stream',
          recording: request.call.recording,
          sfile_id: request.call.sfileId,
        })
      }
      const posted = await post(urls.notify, form(fields), false)
      if (!posted.ok) return posted
      const parsed2 = responseSchemas().NotifyResponse.safeParse(posted.value)
      if (!parsed2.success) return failure('invalid_response', 'notify answered JSON of an unknown shape')
      const answer = parsed2.data
      const invalid = answer.invalid ?? {}
      if (answer.status === 'failure' || answer.status === 'error') {
        const messages = answer.errors.map(clean)
        return failure('vendor_error', messages.join('; ') || `status ${answer.status}`, { messages, invalid })
      }
      return {
        ok: true,
        value: {
          status: answer.status,
          requestId: answer.request_id,
          batchId: answer.batch_id,
          groupId: answer.group_id,
          summary: answer.summary,
          invalid,
        },
      }
    },
  }
}

export type VoitexClient = ReturnType<typeof createVoitexClient>
