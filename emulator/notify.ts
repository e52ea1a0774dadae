import { tenDigits } from '../src/_internal.ts'
import type { Clock } from '../src/index.ts'
import { checkRecipient, type InvalidReason, splitList } from './phones.ts'
import { type Params, type Reply, refuse, succeed } from './reply.ts'
import type { EmulatorState } from './state.ts'

const SCHEDULE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const MAX_SMS_CHARS = 1000
/** 1–19 phones are sent one by one; 20 or more are queued as a group broadcast. */
const GROUP_FROM = 20
const TOLL_FREE = /^8(00|33|44|55|66|77|88)/

function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(date.getUTCFullYear() % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`
}
function requestId(): string {
  return `req_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** POST /notify/notify/: SMS or CALL to one number, a list, or contact labels. */
export function notify(state: EmulatorState, params: Params, clock: Clock, files: readonly File[] = []): Reply {
  const id = requestId()
  const error = (...errors: string[]): Reply => ({ status: 200, body: { request_id: id, status: 'error', errors } })
  const type = params.type?.toUpperCase()
  if (type !== 'SMS' && type !== 'CALL') return error('type must be SMS or CALL')
  const cid = tenDigits(params.cid ?? params.from ?? '')
  if (!cid) return error('cid (or from) is required: the DID to send from')
  const modes = (['to', 'phones', 'label'] as const).filter((mode) => (params[mode] ?? '').trim() !== '')
  if (modes.length !== 1) return error('Provide exactly one of to, phones or label')
  const [mode = 'to'] = modes
  const scheduledFor = params.to_be_sent?.trim() || undefined
  if (scheduledFor && !SCHEDULE.test(scheduledFor)) return error('to_be_sent must be in the format YYYY-MM-DD HH:MM:SS')

  const body = params.body ?? params.message
  if (type === 'SMS') {
    if (!body?.trim()) return error('body is required for SMS')
    if (body.length > MAX_SMS_CHARS) return error(`body must be at most ${MAX_SMS_CHARS} characters`)
  }
  const callType = params.call_type
  if (type === 'CALL') {
    if (callType !== 'stream' && callType !== 'goto') return error('call_type must be stream or goto')
    if (callType === 'stream' && !params.recording && !params.sfile_id)
      return error('recording or sfile_id is required for stream calls')
    if (callType === 'goto' && (!params.branch_number || !params.route_number))
      return error('branch_number and route_number are required for goto calls')
    for (const field of ['greeting', 'variables'] as const)
      if (params[field] && !isJson(params[field] ?? '')) return error(`${field} must be a JSON string`)
  }

  const invalid: Record<string, InvalidReason> = {}
  let recipients: string[] = []
  if (mode === 'label') {
    const labels = splitList(params.label)
    const unknown = labels.filter((label) => !state.labels.has(Number(label)))
    if (unknown.length > 0) return error(`Invalid label(s): ${unknown.join(',')}`)
    const types = new Set(splitList(params.phone_type ?? 'H,M').map((t) => t.toUpperCase()))
    const members = state.contacts.filter((contact) => labels.some((label) => contact.labels.has(Number(label))))
    recipients = [
      ...new Set(members.flatMap((contact) => contact.phones.filter((p) => types.has(p.type)).map((p) => p.phone))),
    ]
  } else {
    const given = mode === 'to' ? [params.to ?? ''] : splitList(params.phones)
    for (const phone of given) {
      const checked = checkRecipient(phone)
      if ('invalid' in checked) invalid[phone] = checked.invalid
      else recipients.push(checked.phone)
    }
    if (recipients.length === 0)
      return { status: 200, body: { request_id: id, status: 'failure', invalid, errors: ['No valid recipients'] } }
  }

  const given = mode === 'phones' ? splitList(params.phones).length : 1
  const group = mode === 'label' || given >= GROUP_FROM
  const now = new Date(clock.now())
  const reference = group
    ? `G${stamp(now)}${state.nextSequence()}`
    : `1_${type[0]}_${recipients[0]}_${cid}_${stamp(now)}_${state.nextSequence()}`
  for (const to of recipients) {
    if (type === 'SMS')
      state.sms.push({
        api: 'notify',
        from: cid,
        to,
        body: body ?? '',
        reference,
        ...(scheduledFor ? { scheduledFor } : {}),
        ...(files.length > 0 ? { attachments: files.map((file) => file.name) } : {}),
      })
    else
      state.calls.push({
        api: 'notify',
        from: cid,
        to,
        callType: callType === 'goto' ? 'goto' : 'stream',
        ...(params.branch_number ? { branchNumber: params.branch_number } : {}),
        ...(params.route_number ? { routeNumber: params.route_number } : {}),
        ...(params.recording || params.sfile_id ? { recording: params.recording ?? params.sfile_id } : {}),
        ...(scheduledFor ? { scheduledFor } : {}),
        reference,
      })
  }
  const invalidCount = Object.keys(invalid).length
  return {
    status: 200,
    body: {
      request_id: id,
      status: invalidCount > 0 ? 'partial_success' : 'success',
      ...(group ? { group_id: reference } : { batch_id: reference }),
      summary: {
        route: group ? 'group' : 'single',
        type,
        mode: mode === 'to' ? 'single' : mode,
        valid_count: mode === 'to' ? null : recipients.length,
        invalid_count: invalidCount,
        recipient_estimate: recipients.length,
      },
      ...(invalidCount > 0 ? { invalid } : {}),
    },
  }
}

/** POST /notify/: the legacy notification call. Only `goto` is available ("stream" is "coming soon"). */
export function notificationCall(state: EmulatorState, params: Params): Reply {
  const cid = tenDigits(params.cid ?? '')
  const to = tenDigits(params.to ?? '')
  if (!cid || !to) return refuse('cid and to must be phone numbers')
  if (params.type === 'stream') return refuse('type stream is not available yet')
  if (params.type !== 'goto') return refuse('type must be goto')
  if (!params.route_number || !params.branch_number)
    return refuse('route_number and branch_number are required when type is goto')
  const reference = crypto.randomUUID().replaceAll('-', '').slice(0, 15)
  state.calls.push({
    api: 'notification-call',
    from: cid,
    to,
    callType: 'goto',
    branchNumber: params.branch_number,
    routeNumber: params.route_number,
    reference,
  })
  return succeed({ reference_id: reference, errors: [] })
}

/** POST /sms/send/: the legacy SMS API. Its `data` is JSON text, as the vendor sample shows. */
export function sendSms(state: EmulatorState, params: Params): Reply {
  const from = tenDigits(params.from ?? '')
  const to = tenDigits(params.to ?? '')
  const body = params.body ?? ''
  if (!from || !to) return refuse('from and to must be phone numbers')
  if (!body.trim()) return refuse('body is required')
  if (body.length > MAX_SMS_CHARS) return refuse(`body must be at most ${MAX_SMS_CHARS} characters`)
  const reference = crypto.randomUUID().replaceAll('-', '').slice(0, 6)
  state.sms.push({ api: 'sms', from, to, body, reference })
  const data = {
    to,
    'from ': `${from} `,
    body,
    'did_type ': `${TOLL_FREE.test(from) ? 'TF' : 'TN'} `,
    reference_id: reference,
  }
  return succeed({ data: JSON.stringify(data), errors: [] })
}
