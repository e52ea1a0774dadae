/**
 * One table of Trigger requests and the exact answers every runtime must give: the core in-process, the Worker in
 * workerd, the Lambda handler (each event type) and through serverless-offline, the Vercel entry, the Node server.
 * Pure data and Web-standard code only, so it loads in workerd too.
 */
import { HOSTILE_BODIES } from '../../fixtures/hostile.ts'
import { SEED_REQUEST } from '../../fixtures/seed.ts'

export interface ConformanceCase {
  readonly name: string
  /** Body and headers of `POST /trigger`. */
  readonly body: string
  readonly contentType?: string
  /** Run against a caller store that is down (errors or unreachable) instead of the seeded one. */
  readonly storeDown?: boolean
  readonly status: number
  readonly answer: unknown
}

// A Thursday at 11:35, inside the demo's business hours; the same evening, after them.
const OPEN = '2023-07-20 11:35:35'
const AFTER_HOURS = '2023-07-20 20:05:00'
const json = (fields: Record<string, unknown>) =>
  JSON.stringify({ call_id: 'conf-1', did: '8459511110', date_time: OPEN, ...fields })

function formEncoded(fields: Record<string, unknown>): string {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(fields))
    form.set(key, typeof value === 'string' ? value : JSON.stringify(value))
  return form.toString()
}

const PAID = {
  goto: '0',
  play: [{ type: 'tts', text: 'Thank you. We received your payment of $57.00 on the card ending in 4444.' }],
  variables: { paid: 'yes' },
}
const MAIN_MENU = { goto: '0', play: [{ type: 'tts', text: 'Welcome to Voitex.' }] }

const BASE_CASES: readonly ConformanceCase[] = [
  { name: 'the vendor request sample', body: JSON.stringify(SEED_REQUEST), status: 200, answer: PAID },
  {
    name: 'the vendor sample, form-encoded',
    body: formEncoded(SEED_REQUEST),
    contentType: 'application/x-www-form-urlencoded',
    status: 200,
    answer: PAID,
  },
  {
    name: 'padded variable keys',
    body: json({ cid: '2015550123', variables: [{ 'album_num ': '21' }] }),
    status: 200,
    answer: { goto: '400', variables: { album_num: '21' } },
  },
  { name: 'a "null" contact', body: json({ cid: '2015550123', contact_info: 'null' }), status: 200, answer: MAIN_MENU },
  {
    name: 'the vendor sample as JSON, labelled a URL-encoded form (a PHP sender)',
    body: JSON.stringify(SEED_REQUEST),
    contentType: 'application/x-www-form-urlencoded',
    status: 200,
    answer: PAID,
  },
  {
    name: 'the vendor sample as JSON, labelled multipart/form-data',
    body: JSON.stringify(SEED_REQUEST),
    contentType: 'multipart/form-data; boundary=----x',
    status: 200,
    answer: PAID,
  },
  {
    name: 'malformed JSON',
    body: '{"call_id": "conf-1", ',
    status: 400,
    answer: { error: { code: 'invalid_json', message: 'the body is not valid JSON' } },
  },
  {
    name: 'an oversize body',
    body: json({ cid: '2015550123', notes: 'x'.repeat(70 * 1024) }),
    status: 413,
    answer: { error: { code: 'body_too_large', message: 'the body is larger than 65536 bytes' } },
  },
  { name: 'an unknown caller', body: json({ cid: '2015550123' }), status: 200, answer: MAIN_MENU },
  {
    name: 'a caller found in the store',
    body: json({ cid: '7325550184' }),
    status: 200,
    answer: { goto: '150', play: [{ type: 'tts', text: 'Welcome back, Rivka. Connecting you to priority support.' }] },
  },
  // The demo's test phone always gets version next, which sends an unpaid invoice to billing after hours too; any
  // other caller with an invoice (stable, next's share is 0) is sent to voicemail then.
  {
    name: 'the demo test caller after hours: version next, billing',
    body: json({ cid: '2015550100', date_time: AFTER_HOURS }),
    status: 200,
    answer: {
      goto: '200',
      play: [{ type: 'tts', text: 'Hi Tess, you have an unpaid invoice of $1.00.' }],
      variables: { invoice_id: 'INV-TEST', invoice_cents: '100' },
    },
  },
  {
    name: 'another caller with an invoice after hours: version stable, voicemail',
    body: json({ cid: '6465557729', date_time: AFTER_HOURS }),
    status: 200,
    answer: {
      goto: '500',
      play: [{ type: 'tts', text: 'Our office is closed. Please leave a message after the tone.' }],
    },
  },
  {
    name: 'the caller store down',
    body: json({ cid: '7325550184', contact_info: { first_name: 'Rivka' } }),
    storeDown: true,
    status: 200,
    answer: { goto: '0', play: [{ type: 'tts', text: 'Hi Rivka, welcome to Voitex.' }] },
  },
]

/** The case as `POST /trigger` (with `?token=` when the endpoint under test requires one). */
/** The hostile corpus as conformance cases: each adapter gives the same small answer, within the same bounds. */
const HOSTILE_CASES: readonly ConformanceCase[] = HOSTILE_BODIES.map((hostile) => ({
  name: `a crafted body: ${hostile.name}`,
  body: hostile.body,
  contentType: hostile.contentType,
  status: hostile.status,
  answer: hostile.answer,
}))

export const CASES: readonly ConformanceCase[] = [...BASE_CASES, ...HOSTILE_CASES]

export function caseRequest(testCase: ConformanceCase, base = 'http://local', token?: string): Request {
  return new Request(`${base}/trigger${token ? `?token=${encodeURIComponent(token)}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': testCase.contentType ?? 'application/json' },
    body: testCase.body,
  })
}
