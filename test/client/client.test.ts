import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createVoitexClient, emulatorUrls, type VoitexResult } from 'voitex-trigger/client'
import { createEmulator } from 'voitex-trigger/emulator'
import type { RunningServer } from 'voitex-trigger/node'
import { testServer } from '../helpers/matrix.ts'

// The client against the emulator over real HTTP on loopback.
const emulator = createEmulator({ authKey: 'secret-auth-key-123' })
let server: RunningServer
let sent = 0
let client: ReturnType<typeof createVoitexClient>

beforeAll(async () => {
  server = await testServer(emulator.app)
  client = createVoitexClient({
    authKey: 'secret-auth-key-123',
    urls: emulatorUrls(server.url),
    // Counts requests that reach the network; real fetch underneath.
    fetch: (input, init) => {
      sent++
      return fetch(input, init)
    },
  })
})
afterAll(() => server.close())
beforeEach(async () => {
  await fetch(`${server.url}/_emulator/reset`, { method: 'POST', headers: { 'auth-key': 'secret-auth-key-123' } })
  sent = 0
})

function value<T>(result: VoitexResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`)
  return result.value
}
const state = () => emulator.state

describe('recordings', () => {
  it('uploads a wav file to an album at a sort number', async () => {
    const file = new Blob([new Uint8Array(44)], { type: 'audio/wav' })
    const created = value(
      await client.uploadRecording({
        album: 1,
        sort: 5,
        file,
        fileName: 'example.wav',
        displayName: 'Example Recording',
      }),
    )
    expect(created.recordingId).toMatch(/^\d+$/)
    expect(state().recordings).toMatchObject([{ album: 1, sort: 5, kind: 'file', fileName: 'example.wav', bytes: 44 }])
  })

  it('creates TTS at the next free sort number, and overrides when asked', async () => {
    value(await client.createTts({ album: '1', text: 'First.' }))
    value(await client.createTts({ album: '1', sort: 1, text: 'Replaced.', override: true }))
    expect(state().recordings).toMatchObject([{ sort: 1, kind: 'tts', text: 'Replaced.' }])
  })

  it('returns the vendor error for a taken sort number', async () => {
    value(await client.createTts({ album: 1, sort: 2, text: 'a' }))
    const result = await client.createTts({ album: 1, sort: 2, text: 'b' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'vendor_error', messages: ['A recording with sort number 2 already exists in album 1'] },
    })
  })

  it('refuses a file that is not wav or mp3 before sending', async () => {
    const result = await client.uploadRecording({ album: 1, file: new Blob(['x']), fileName: 'notes.txt' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('fileName') },
    })
    expect(sent).toBe(0)
  })
})

describe('legacy calls and SMS', () => {
  it('places a notification call to a branch and returns its reference id', async () => {
    const placed = value(
      await client.notificationCall({
        cid: '8459511000',
        to: '(845) 500-9999',
        branchNumber: 5,
        routeNumber: '8459511000',
      }),
    )
    expect(placed.referenceId).not.toBe('')
    expect(state().calls).toMatchObject([{ api: 'notification-call', to: '8455009999', branchNumber: '5' }])
  })

  it('sends an SMS and reads the JSON-text data with padded keys', async () => {
    const sms = value(
      await client.sendSms({ from: '8459511000', to: '8451234567', body: 'This is a test message body' }),
    )
    expect(sms).toEqual({
      to: '8451234567',
      from: '8459511000',
      body: 'This is a test message body',
      didType: 'TN',
      referenceId: expect.any(String),
    })
  })
})

describe('contacts', () => {
  it('creates, selects, updates and deletes a contact', async () => {
    expect(
      value(
        await client.contacts.create({
          phones: ['7325550184', '6465557729'],
          phoneType: 'M',
          firstName: 'John',
          label: 2,
        }),
      ),
    ).toBe('Contact created')
    value(
      await client.contacts.update({
        phone: '6465557729',
        fields: { email: 'john.doe@example.com', field_a: '1234' },
        addPhone: '2015550123',
        addPhoneType: 'H',
        removePhone: '7325550184',
        addLabels: [3, 7],
        removeLabels: [2],
      }),
    )
    expect(value(await client.contacts.select({ phone: '2015550123' }))).toEqual({
      contact: expect.objectContaining({ first_name: 'John', email: 'john.doe@example.com', field_a: '1234' }),
      phones: [
        { phone: '6465557729', type: 'M' },
        { phone: '2015550123', type: 'H' },
      ],
      labels: [3, 7],
    })
    expect(value(await client.contacts.delete({ phone: '6465557729' }))).toBe('Contact deleted successfully')
    expect(await client.contacts.select({ phone: '6465557729' })).toMatchObject({
      ok: false,
      error: { code: 'vendor_error', messages: ['No contact found for phone: 6465557729'] },
    })
  })

  it('clears a field with an empty value', async () => {
    value(await client.contacts.create({ phones: '7325550184', firstName: 'John' }))
    value(await client.contacts.update({ phone: '7325550184', fields: { first_name: '' } }))
    expect(value(await client.contacts.select({ phone: '7325550184' })).contact.first_name).toBe('')
  })

  it('refuses an invalid phone type before sending', async () => {
    // @ts-expect-error 'X' is not a phone type
    const result = await client.contacts.create({ phones: '7325550184', phoneType: 'X' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('phoneType') },
    })
    expect(sent).toBe(0)
  })

  it('returns the vendor error, with its message, for an unknown label', async () => {
    value(await client.contacts.create({ phones: '7325550184' }))
    expect(await client.contacts.update({ phone: '7325550184', addLabels: [99] })).toMatchObject({
      ok: false,
      error: { code: 'vendor_error', messages: ['Invalid label(s): 99'] },
    })
  })
})

describe('notify', () => {
  it('sends an SMS to one number with a batch id', async () => {
    const accepted = value(await client.notify({ type: 'SMS', from: '8459511000', to: '8451234567', body: 'Hi' }))
    expect(accepted).toMatchObject({
      status: 'success',
      batchId: expect.stringMatching(/^1_S_8451234567_8459511000_/),
      groupId: undefined,
    })
    expect(state().sms).toMatchObject([{ api: 'notify', to: '8451234567', body: 'Hi' }])
  })

  it('sends an MMS with its attachments', async () => {
    const image = new Blob([new Uint8Array(16)], { type: 'image/png' })
    value(
      await client.notify({
        type: 'SMS',
        from: '8459511000',
        to: '8451234567',
        body: 'Your receipt',
        attachments: [
          { file: image, fileName: 'receipt.png' },
          { file: image, fileName: 'map.png' },
        ],
      }),
    )
    expect(state().sms).toMatchObject([{ body: 'Your receipt', attachments: ['receipt.png', 'map.png'] }])
  })

  it('reports partial success with the rejected numbers', async () => {
    const accepted = value(
      await client.notify({ type: 'SMS', from: '8459511000', phones: ['8451234567', '123', '5551234567'], body: 'Hi' }),
    )
    expect(accepted).toMatchObject({
      status: 'partial_success',
      invalid: { '123': 'invalid_format', '5551234567': 'unallocated_nanp' },
    })
  })

  it('returns a typed error carrying the invalid map when every number is rejected', async () => {
    const result = await client.notify({ type: 'SMS', from: '8459511000', phones: ['123'], body: 'Hi' })
    expect(result).toMatchObject({ ok: false, error: { code: 'vendor_error', invalid: { '123': 'invalid_format' } } })
  })

  it('broadcasts to labels with a group id, and schedules', async () => {
    value(await client.contacts.create({ phones: '7325550184', label: 10 }))
    const accepted = value(
      await client.notify({
        type: 'SMS',
        from: '8459511000',
        labels: [10],
        phoneTypes: ['H', 'M'],
        body: 'Hi',
        sendAt: '2026-07-01 09:00:00',
        title: 'Reminder',
      }),
    )
    expect(accepted.groupId).toMatch(/^G/)
    expect(state().sms).toMatchObject([{ to: '7325550184', scheduledFor: '2026-07-01 09:00:00' }])
  })

  it('places a goto call with variables, and a stream call', async () => {
    value(
      await client.notify({
        type: 'CALL',
        from: '8459511000',
        to: '8451234567',
        call: { type: 'goto', branchNumber: 5, routeNumber: '8459511000', variables: { order: '1234' } },
      }),
    )
    value(
      await client.notify({
        type: 'CALL',
        from: '8459511000',
        to: '8451234567',
        call: { type: 'stream', recording: 'my_recording_filename' },
      }),
    )
    expect(state().calls).toMatchObject([
      { callType: 'goto', branchNumber: '5' },
      { callType: 'stream', recording: 'my_recording_filename' },
    ])
  })

  it.each([
    [
      'both to and phones',
      { type: 'SMS', from: '8459511000', to: '8451234567', phones: ['8451234567'], body: 'x' },
      'exactly one of to, phones or labels',
    ],
    [
      'a body over 1000 characters',
      { type: 'SMS', from: '8459511000', to: '8451234567', body: 'x'.repeat(1001) },
      'body is longer than 1000',
    ],
    [
      'goto without branch_number',
      { type: 'CALL', from: '8459511000', to: '8451234567', call: { type: 'goto', routeNumber: '8459511000' } },
      'call.branchNumber is missing',
    ],
    [
      'a stream call with neither recording nor sfileId',
      { type: 'CALL', from: '8459511000', to: '8451234567', call: { type: 'stream' } },
      'exactly one of recording or sfileId',
    ],
    [
      'a schedule in another format',
      { type: 'SMS', from: '8459511000', to: '8451234567', body: 'x', sendAt: 'tomorrow' },
      'sendAt must be YYYY-MM-DD HH:MM:SS',
    ],
  ])('refuses %s before sending, saying what is wrong', async (_, input, message) => {
    const result = await client.notify(input as Parameters<typeof client.notify>[0])
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining(message) },
    })
    expect(sent).toBe(0)
  })
})

describe('transport', () => {
  let flaky: Server
  let flakyUrl = ''
  let hits = 0
  let mode: 'fail-twice' | 'hang' = 'fail-twice'
  beforeAll(async () => {
    // A real HTTP server that misbehaves: 503 twice then the emulator's answer, or no answer at all.
    flaky = createServer((_request, response) => {
      hits++
      if (mode === 'hang') return
      if (hits <= 2) return void response.writeHead(503).end('busy')
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ status: 'success', data: { contact: {}, phones: [], labels: [] } }))
    })
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', () => resolve()))
    flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => flaky.close(() => resolve())))
  beforeEach(() => {
    hits = 0
    mode = 'fail-twice'
  })
  const flakyClient = (timeoutMs = 5000) =>
    createVoitexClient({ authKey: 'k', urls: emulatorUrls(flakyUrl), timeoutMs })

  it('retries select, which only reads, through transient 5xx answers', async () => {
    expect((await flakyClient().contacts.select({ phone: '7325550184' })).ok).toBe(true)
    expect(hits).toBe(3)
  })

  it('never sends an SMS twice on its own: a 5xx is returned, not retried', async () => {
    const result = await flakyClient().notify({ type: 'SMS', from: '8459511000', to: '8451234567', body: 'once' })
    expect(result).toMatchObject({ ok: false, error: { code: 'http_error', status: 503 } })
    expect(hits).toBe(1)
  })

  it('times out through its AbortSignal and says so', async () => {
    mode = 'hang'
    const result = await flakyClient(50).sendSms({ from: '8459511000', to: '8451234567', body: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } })
    expect(hits).toBe(1)
  })

  it('reports a refused Auth-Key as unauthorized, without the key in the error', async () => {
    const wrong = createVoitexClient({ authKey: 'wrong-key-456', urls: emulatorUrls(server.url) })
    const result = await wrong.sendSms({ from: '8459511000', to: '8451234567', body: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized', status: 401 } })
    expect(JSON.stringify(result)).not.toContain('wrong-key-456')
  })
})
