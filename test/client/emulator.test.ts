import { beforeEach, describe, expect, it } from 'vitest'
import { createEmulator } from 'voitex-trigger/emulator'
import { testServer } from '../helpers/matrix.ts'

// The emulator's rules, each from the vendor text (../shared/spec/voitex-api.txt), driven with raw form posts.
let emulator: ReturnType<typeof createEmulator>
beforeEach(() => {
  emulator = createEmulator({ clock: { now: () => Date.UTC(2026, 5, 24, 15, 30) } })
})

async function post(path: string, fields: Record<string, string>, key = 'test-key') {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.set(name, value)
  const response = await emulator.app.fetch(
    new Request(`http://emulator${path}`, { method: 'POST', body, headers: { 'Auth-Key': key } }),
  )
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}
const contacts = (fields: Record<string, string>) => post('/contacts/', fields)
const select = async (phone: string) => (await contacts({ function: 'select', phone })).json

describe('authentication', () => {
  it('refuses a missing or wrong Auth-Key with the documented error shape', async () => {
    const wrong = await post('/sms/send/', { from: '8459511000', to: '8451234567', body: 'x' }, 'nope')
    expect(wrong).toEqual({ status: 401, json: { status: 'error', errors: [expect.any(String)] } })
    expect(emulator.state.sms).toEqual([])
  })
})

describe('the emulator under bad input', () => {
  const send = (path: string, init: RequestInit = {}) =>
    emulator.app.fetch(new Request(`http://emulator${path}`, { method: 'POST', ...init }))

  it('answers a JSON null body with the documented JSON error, not a plain-text 500', async () => {
    const response = await send('/sms/send/', {
      body: 'null',
      headers: { 'content-type': 'application/json', 'auth-key': 'test-key' },
    })
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toMatchObject({ status: 'error', errors: [expect.any(String)] })
  })

  it('keeps its inspection and reset routes behind the Auth-Key', async () => {
    for (const [method, path] of [
      ['GET', '/_emulator/state'],
      ['POST', '/_emulator/reset'],
    ] as const) {
      const refused = await emulator.app.fetch(new Request(`http://emulator${path}`, { method }))
      expect(refused.status).toBe(401)
      expect(await refused.json()).toMatchObject({ status: 'error' })
      const allowed = await emulator.app.fetch(
        new Request(`http://emulator${path}`, { method, headers: { 'auth-key': 'test-key' } }),
      )
      expect(allowed.status).toBe(200)
    }
  })

  it('refuses an upload over its limit with 413 JSON over HTTP, declared or streamed, and stores nothing', async () => {
    const small = createEmulator({ maxUploadBytes: 4096 })
    const server = await testServer(small.app)
    try {
      const form = new FormData()
      form.set('album_number', '1')
      form.set('upload_file', new Blob([new Uint8Array(20_000)], { type: 'audio/wav' }), 'big.wav')
      const declared = await fetch(`${server.url}/recording/upload/`, {
        method: 'POST',
        headers: { 'auth-key': 'test-key' },
        body: form,
      })
      expect(declared.status).toBe(413)
      expect(await declared.json()).toMatchObject({ status: 'error' })
      const chunks = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(1024))
          controller.close()
        },
      })
      const streamed = await fetch(`${server.url}/recording/upload/`, {
        method: 'POST',
        headers: { 'auth-key': 'test-key', 'content-type': 'multipart/form-data; boundary=x' },
        body: chunks,
        duplex: 'half',
      } as RequestInit)
      expect(streamed.status).toBe(413)
      expect(small.state.recordings).toEqual([])
    } finally {
      await server.close()
    }
  })
})

describe('contacts', () => {
  it('creates a contact with several phones, a type for all of them, names and a label', async () => {
    // "function:create phone:7325550184 phone_type:H first_name:John last_name:Doe label:2"
    expect(
      (
        await contacts({
          function: 'create',
          phone: '7325550184,6465557729',
          phone_type: 'M',
          first_name: 'John',
          last_name: 'Doe',
          label: '2',
        })
      ).json,
    ).toEqual({ status: 'success', data: 'Contact created' })
    expect(await select('6465557729')).toMatchObject({
      data: {
        contact: { first_name: 'John', last_name: 'Doe', exp: null },
        phones: [
          { phone: '7325550184', type: 'M' },
          { phone: '6465557729', type: 'M' },
        ],
        labels: [2],
      },
    })
  })

  it('fails to create when any phone already exists, and creates nothing', async () => {
    await contacts({ function: 'create', phone: '7325550184' })
    const again = await contacts({ function: 'create', phone: '6465557729,7325550184' })
    expect(again.json).toEqual({ status: 'error', errors: ['contact already exists with phone(s): 7325550184'] })
    expect((await select('6465557729')).status).toBe('error')
  })

  it('defaults a missing or invalid phone type to H', async () => {
    await contacts({ function: 'create', phone: '7325550184', phone_type: 'X' })
    expect(await select('7325550184')).toMatchObject({ data: { phones: [{ phone: '7325550184', type: 'H' }] } })
  })

  it('updates fields located by any phone, and clears a field sent empty', async () => {
    await contacts({ function: 'create', phone: '7325550184,6465557729', first_name: 'Jon' })
    await contacts({
      function: 'update',
      phone: '6465557729',
      first_name: 'John',
      email: 'john.doe@example.com',
      field_a: '1234',
      exp: '2026-02-01',
    })
    await contacts({ function: 'update', phone: '7325550184', email: '' })
    expect(await select('7325550184')).toMatchObject({
      data: { contact: { first_name: 'John', email: '', field_a: '1234', exp: '2026-02-01' } },
    })
  })

  it('updates the type of the locator phone only, ignoring invalid types', async () => {
    await contacts({ function: 'create', phone: '7325550184,6465557729' })
    await contacts({ function: 'update', phone: '7325550184', phone_type: 'M' })
    await contacts({ function: 'update', phone: '6465557729', phone_type: 'Q' })
    expect(await select('7325550184')).toMatchObject({ data: { phones: [{ type: 'M' }, { type: 'H' }] } })
  })

  it('adds a phone (H by default), without duplicating one already there but updating its type', async () => {
    await contacts({ function: 'create', phone: '7325550184' })
    await contacts({ function: 'update', phone: '7325550184', add_phone: '6465557729' })
    await contacts({ function: 'update', phone: '7325550184', add_phone: '6465557729', add_phone_type: 'M' })
    expect(await select('7325550184')).toMatchObject({
      data: { phones: [{ phone: '7325550184' }, { phone: '6465557729', type: 'M' }] },
    })
  })

  it('refuses to add a phone that belongs to another contact', async () => {
    await contacts({ function: 'create', phone: '7325550184' })
    await contacts({ function: 'create', phone: '6465557729' })
    const result = await contacts({ function: 'update', phone: '7325550184', add_phone: '6465557729' })
    expect(result.json.status).toBe('error')
  })

  it('refuses to remove the last phone, and removes nothing', async () => {
    await contacts({ function: 'create', phone: '7325550184,6465557729' })
    expect((await contacts({ function: 'update', phone: '7325550184', remove_phone: '6465557729' })).json.status).toBe(
      'success',
    )
    expect((await contacts({ function: 'update', phone: '7325550184', remove_phone: '7325550184' })).json.status).toBe(
      'error',
    )
    expect(await select('7325550184')).toMatchObject({ data: { phones: [{ phone: '7325550184' }] } })
  })

  it('adds and removes labels by number; an unknown label fails the whole request', async () => {
    await contacts({ function: 'create', phone: '7325550184', label: '5' })
    expect(
      (await contacts({ function: 'update', phone: '7325550184', add_label: '2,3,7', remove_label: '5' })).json.status,
    ).toBe('success')
    const failed = await contacts({ function: 'update', phone: '7325550184', add_label: '4,99', first_name: 'Never' })
    expect(failed.json).toEqual({ status: 'error', errors: ['Invalid label(s): 99'] })
    expect(await select('7325550184')).toMatchObject({ data: { labels: [2, 3, 7], contact: { first_name: '' } } })
  })

  it('deletes phones and memberships, not labels', async () => {
    await contacts({ function: 'create', phone: '7325550184', label: '2' })
    expect((await contacts({ function: 'delete', phone: '7325550184' })).json).toEqual({
      status: 'success',
      data: 'Contact deleted successfully',
    })
    expect(await select('7325550184')).toEqual({ status: 'error', errors: ['No contact found for phone: 7325550184'] })
    expect(emulator.state.labels.has(2)).toBe(true)
  })

  it('answers select without a phone with the documented error', async () => {
    expect((await contacts({ function: 'select' })).json).toEqual({
      status: 'error',
      errors: ['No valid phone number provided'],
    })
  })
})

describe('notify', () => {
  const sms = { type: 'SMS', cid: '8459511000', body: 'This is a test message' }

  it('sends an SMS to a single number with a batch_id (the vendor sample)', async () => {
    const { json } = await post('/notify/notify/', { ...sms, to: '8451234567' })
    expect(json).toMatchObject({
      status: 'success',
      batch_id: '1_S_8451234567_8459511000_2606241530_001',
      summary: {
        route: 'single',
        type: 'SMS',
        mode: 'single',
        valid_count: null,
        invalid_count: 0,
        recipient_estimate: 1,
      },
    })
    expect(emulator.state.sms).toMatchObject([{ to: '8451234567', from: '8459511000', body: 'This is a test message' }])
  })

  it('requires exactly one of to, phones or label', async () => {
    for (const recipients of [{}, { to: '8451234567', phones: '8459998888' }, { to: '8451234567', label: '1' }]) {
      expect((await post('/notify/notify/', { ...sms, ...recipients })).json).toMatchObject({ status: 'error' })
    }
    expect(emulator.state.sms).toEqual([])
  })

  it('sends 1–19 phones singly and 20 or more as a group broadcast', async () => {
    const phones = (n: number) => Array.from({ length: n }, (_, i) => `84555501${String(i).padStart(2, '0')}`).join(',')
    expect((await post('/notify/notify/', { ...sms, phones: phones(19) })).json).toMatchObject({
      batch_id: expect.any(String),
      summary: { route: 'single', mode: 'phones', valid_count: 19 },
    })
    expect((await post('/notify/notify/', { ...sms, phones: phones(20) })).json).toMatchObject({
      group_id: expect.stringMatching(/^G\d{10}\d{3}$/),
      summary: { route: 'group', valid_count: 20 },
    })
  })

  it('gives partial_success with an invalid map for bad numbers (the vendor sample)', async () => {
    const { json } = await post('/notify/notify/', { ...sms, phones: '8451234567,123,5551234567' })
    expect(json).toMatchObject({
      status: 'partial_success',
      summary: { valid_count: 1, invalid_count: 2, recipient_estimate: 1 },
      invalid: { '123': 'invalid_format', '5551234567': 'unallocated_nanp' },
    })
  })

  it('gives failure when every number is invalid, and sends nothing', async () => {
    expect((await post('/notify/notify/', { ...sms, phones: '123,5551234567' })).json).toMatchObject({
      status: 'failure',
    })
    expect(emulator.state.sms).toEqual([])
  })

  it('broadcasts to contact labels by phone type, always as a group', async () => {
    await contacts({ function: 'create', phone: '7325550184', phone_type: 'H', label: '10' })
    await contacts({ function: 'create', phone: '6465557729', phone_type: 'M', label: '10' })
    const { json } = await post('/notify/notify/', { ...sms, label: '10,15', phone_type: 'M' })
    expect(json).toMatchObject({ status: 'error', errors: ['Invalid label(s): 15'] })
    const mobiles = await post('/notify/notify/', { ...sms, label: '10', phone_type: 'M' })
    expect(mobiles.json).toMatchObject({
      group_id: expect.any(String),
      summary: { mode: 'label', recipient_estimate: 1 },
    })
    expect(emulator.state.sms.map((m) => m.to)).toEqual(['6465557729'])
  })

  it('accepts scheduling only as YYYY-MM-DD HH:MM:SS', async () => {
    expect(
      (await post('/notify/notify/', { ...sms, to: '8451234567', to_be_sent: '2026-07-01 09:00:00' })).json.status,
    ).toBe('success')
    expect(
      (await post('/notify/notify/', { ...sms, to: '8451234567', to_be_sent: '07/01/2026 9am' })).json.status,
    ).toBe('error')
    expect(emulator.state.sms).toMatchObject([{ scheduledFor: '2026-07-01 09:00:00' }])
  })

  it('refuses an SMS body over 1000 characters; accepts `message` for `body` and `from` for `cid`', async () => {
    expect((await post('/notify/notify/', { ...sms, to: '8451234567', body: 'x'.repeat(1001) })).json.status).toBe(
      'error',
    )
    expect(
      (await post('/notify/notify/', { type: 'SMS', from: '8459511000', to: '8451234567', message: 'hi' })).json.status,
    ).toBe('success')
  })

  it('checks CALL parameters: call_type, stream recording, goto branch and route (the vendor error sample)', async () => {
    const call = { type: 'CALL', cid: '8459511000', to: '8451234567' }
    expect((await post('/notify/notify/', { ...call, call_type: 'ring' })).json).toMatchObject({
      status: 'error',
      errors: ['call_type must be stream or goto'],
    })
    expect((await post('/notify/notify/', { ...call, call_type: 'stream' })).json.status).toBe('error')
    expect((await post('/notify/notify/', { ...call, call_type: 'goto', branch_number: '5' })).json.status).toBe(
      'error',
    )
    expect(
      (await post('/notify/notify/', { ...call, call_type: 'goto', branch_number: '5', route_number: '8459511000' }))
        .json.status,
    ).toBe('success')
    expect(emulator.state.calls).toMatchObject([{ to: '8451234567', callType: 'goto', branchNumber: '5' }])
  })
})

describe('the legacy APIs', () => {
  it('sends an SMS and answers data as JSON text with padded keys (the vendor sample)', async () => {
    const { json } = await post('/sms/send/', {
      'from ': '8459511000 ',
      to: '8451234567',
      body: 'This is a test message body',
    })
    expect(json).toMatchObject({ status: 'success', errors: [] })
    expect(JSON.parse(String(json.data))).toMatchObject({
      to: '8451234567',
      'from ': '8459511000 ',
      'did_type ': 'TN ',
    })
  })

  it('places a goto notification call with a reference_id; stream is "coming soon"', async () => {
    const goto = {
      cid: '8459511000',
      to: '8455009999',
      type: 'goto',
      route_number: '8459511000',
      'branch_number ': '5',
    }
    expect((await post('/notify/', goto)).json).toMatchObject({
      status: 'success',
      reference_id: expect.any(String),
      errors: [],
    })
    expect((await post('/notify/', { ...goto, type: 'stream' })).json.status).toBe('error')
  })
})

describe('recordings', () => {
  async function upload(fields: Record<string, string>, file?: File) {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.set(name, value)
    if (file) body.set('upload_file', file)
    const response = await emulator.app.fetch(
      new Request('http://emulator/recording/upload/', { method: 'POST', body, headers: { 'Auth-Key': 'test-key' } }),
    )
    return (await response.json()) as Record<string, unknown>
  }
  const wav = () => new File([new Uint8Array(44)], 'example.wav', { type: 'audio/wav' })

  it('stores an upload at its sort number and answers the recording id', async () => {
    expect(await upload({ album_number: '1', sort_number: '5', display_name: 'Example Recording' }, wav())).toEqual({
      status: 'success',
      data: expect.stringMatching(/^\d+$/),
      errors: [],
    })
    expect(emulator.state.recordings).toMatchObject([
      { album: 1, sort: 5, kind: 'file', displayName: 'Example Recording' },
    ])
  })

  it('takes the next free sort number when none is given', async () => {
    await upload({ album_number: '1', sort_number: '5' }, wav())
    await upload({ 'album_number ': '1', type: 'tts', text: 'This is a test recording created by the TTS API.' })
    expect(emulator.state.recordings.map((r) => r.sort)).toEqual([5, 6])
  })

  it('refuses a taken sort number unless override is yes, which replaces it', async () => {
    await upload({ album_number: '1', sort_number: '5' }, wav())
    expect((await upload({ album_number: '1', sort_number: '5' }, wav())).status).toBe('error')
    expect(
      (await upload({ album_number: '1', sort_number: '5', override: 'yes', type: 'tts', text: 'new' })).status,
    ).toBe('success')
    expect(emulator.state.recordings).toMatchObject([{ sort: 5, kind: 'tts', text: 'new' }])
  })

  it('refuses files that are not wav or mp3', async () => {
    expect((await upload({ album_number: '1' }, new File(['x'], 'notes.txt'))).status).toBe('error')
  })
})
