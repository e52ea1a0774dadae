import { Hono } from 'hono'
import { z } from 'zod'
import callers from '../demo/callers.json' with { type: 'json' }

// What a competent Hono user would write instead of this toolkit, for the benchmark: the whole request validated with
// classic zod, the demo's routes, callers in a Map, one JSON log line per request. Not weakened: it checks what the
// IVR sends, and never answers a 5xx. Served on Node (hand-written-server.ts) and in workerd (hand-written-worker.ts).

const Scalar = z.union([z.string(), z.number()]).transform(String)
const TriggerRequest = z.object({
  call_id: Scalar.pipe(z.string().min(1)),
  cid: Scalar.optional(),
  cnam: Scalar.optional(),
  contact_info: z.union([z.literal('null'), z.null(), z.record(z.string(), z.unknown())]).optional(),
  date_time: z.string().optional(),
  did: Scalar.optional(),
  branch_data: z.array(z.object({ branch: Scalar, input: Scalar.optional() })).optional(),
  payment_info: z
    .array(
      z.object({
        amount: Scalar.optional(),
        last_four: Scalar.optional(),
        transaction_id: Scalar.optional(),
      }),
    )
    .optional(),
  variables: z.array(z.record(z.string(), Scalar)).optional(),
})

const Caller = z.object({
  name: z.string(),
  tier: z.enum(['vip', 'standard']).optional(),
  order: z.object({ id: z.string(), status: z.string() }).optional(),
  invoice: z.object({ id: z.string(), amount_cents: z.number() }).optional(),
  album: z.string().optional(),
})
type Caller = z.infer<typeof Caller>

const byPhone = new Map<string, Caller>(callers.map(({ phone, ...caller }) => [phone, Caller.parse(caller)]))
const e164 = (cid: string) => {
  const digits = cid.replace(/\D/g, '')
  return digits.length === 10 ? `+1${digits}` : `+${digits}`
}
const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`
const say = (text: string) => ({ type: 'tts', text })

/** Mon–Thu and Sun 9–17, Fri 9–13 in New York (the demo's hours), from date_time read as New York time. */
function open(dateTime: string | undefined): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(dateTime ?? '')
  if (!match) return true
  const [, y, m, d, h, min] = match.map(Number) as number[]
  const weekday = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d)).getUTCDay()
  const minutes = (h ?? 0) * 60 + (min ?? 0)
  if (weekday === 6) return false
  return minutes >= 540 && minutes < (weekday === 5 ? 780 : 1020)
}

export const handWrittenApp = new Hono()
handWrittenApp.post('/trigger', async (c) => {
  const started = performance.now()
  let json: unknown
  try {
    json = await c.req.json()
  } catch {
    return c.json({ error: 'invalid JSON' }, 400)
  }
  const parsed = TriggerRequest.safeParse(json)
  if (!parsed.success) return c.json({ error: 'invalid request' }, 400)
  const request = parsed.data
  const variables = Object.assign({}, ...(request.variables ?? [])) as Record<string, string>
  let route: string
  let decision: Record<string, unknown>
  const payments = request.payment_info ?? []
  const caller = request.cid ? byPhone.get(e164(request.cid)) : undefined
  if (payments.length > 0) {
    const cents = payments.reduce((sum, payment) => sum + Math.round(Number(payment.amount ?? 0) * 100), 0)
    route = 'paid'
    decision = {
      goto: '0',
      play: [
        say(
          `Thank you. We received your payment of ${dollars(cents)} on the card ending in ${payments.at(-1)?.last_four}.`,
        ),
      ],
      variables: { paid: 'yes' },
    }
  } else if (caller?.tier === 'vip') {
    route = 'vip'
    decision = { goto: '150', play: [say(`Welcome back, ${caller.name}. Connecting you to priority support.`)] }
  } else if (!open(request.date_time)) {
    route = 'after-hours'
    decision = { goto: '500', play: [say('Our office is closed. Please leave a message after the tone.')] }
  } else if (caller?.invoice) {
    route = 'billing'
    decision = {
      goto: '200',
      play: [say(`Hi ${caller.name}, you have an unpaid invoice of ${dollars(caller.invoice.amount_cents)}.`)],
      variables: { invoice_id: caller.invoice.id, invoice_cents: String(caller.invoice.amount_cents) },
    }
  } else if (caller?.order) {
    route = 'order'
    decision = {
      goto: '0',
      play: [
        say(`Hi ${caller.name}, your order #${caller.order.id} is ${caller.order.status}.`),
        say('Press 1 to talk to support, or 2 to hear this again.'),
      ],
      inputs: { '1': '300', '2': '100' },
    }
  } else if (variables.album_num ?? caller?.album) {
    route = 'album'
    decision = { goto: '400', variables: { album_num: variables.album_num ?? caller?.album } }
  } else {
    route = 'main-menu'
    const name =
      caller?.name ?? (typeof request.contact_info === 'object' ? request.contact_info?.first_name : undefined)
    decision = { goto: '0', play: [say(name ? `Hi ${name}, welcome to Voitex.` : 'Welcome to Voitex.')] }
  }
  console.log(JSON.stringify({ call_id: request.call_id, route, ms: performance.now() - started }))
  return c.json(decision)
})
handWrittenApp.get('/health', (c) => c.json({ status: 'ok' }))
handWrittenApp.onError((_, c) => c.json({}, 200))
