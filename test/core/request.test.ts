import { describe, expect, it } from 'vitest'
import { SEED_REQUEST, triggerBody } from '../../fixtures/seed.ts'
import { formToObject, parseTriggerRequest, readBody, toCall } from '../../src/_internal.ts'

function parsed(body: unknown) {
  const result = parseTriggerRequest(body)
  if (!result.ok) throw new Error(`expected a request, got ${result.error.message}`)
  return result.value
}

function post(body: BodyInit, contentType?: string): Request {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {}
  return new Request('http://local/trigger', { method: 'POST', body, headers })
}

describe('the vendor request sample', () => {
  it('parses into the normalised request, without card data', () => {
    expect(parsed(SEED_REQUEST)).toEqual({
      call_id: 'AST10-1689867312.264',
      cid: '8459511000',
      cnam: 'VOITEX',
      contact_info: null,
      date_time: '2023-07-20 11:35:35',
      did: '8459511110',
      branch_data: [
        { branch: '0', input: '1' },
        { branch: '1000', input: '17' },
      ],
      payment_info: [{ amount_cents: 5700, last_four: '4444', transaction_id: '875891' }],
      variables: { caller_pin: '123', var_2: 'var_val' },
      extra: {},
    })
  })

  it('parses the same again from its own normalised form (idempotent)', () => {
    const once = parsed(SEED_REQUEST)
    const { extra: _extra, ...wire } = once
    const again = parsed({
      ...wire,
      payment_info: once.payment_info.map((p) => ({ ...p, amount: String((p.amount_cents ?? 0) / 100) })),
    })
    expect(again).toEqual(once)
  })
})

describe('contact_info', () => {
  it.each([
    ['"null" string', 'null'],
    ['null', null],
    ['missing', undefined],
    ['empty string', ''],
    ['a number', 5],
  ])('reads %s as no contact', (_, contact) => {
    expect(parsed(triggerBody({ contact_info: contact })).contact_info).toBeNull()
  })

  it('keeps an object of contact fields, with trimmed names and values as strings', () => {
    const contact = parsed(triggerBody({ contact_info: { first_name: 'John', 'zip ': 10950, exp: null } })).contact_info
    expect(contact).toEqual({ first_name: 'John', zip: '10950', exp: '' })
  })

  it('reads a contact object sent as JSON text', () => {
    expect(parsed(triggerBody({ contact_info: '{"first_name":"Dina"}' })).contact_info).toEqual({ first_name: 'Dina' })
  })
})

describe('variables', () => {
  it('merges an array of objects, trims padded keys, later values win', () => {
    const variables = parsed(triggerBody({ variables: [{ 'caller_pin ': '123', a: '1' }, { ' a': '2' }] })).variables
    expect(variables).toEqual({ caller_pin: '123', a: '2' })
  })

  it('accepts one object', () => {
    expect(parsed(triggerBody({ variables: { lang: 'en' } })).variables).toEqual({ lang: 'en' })
  })

  it('turns numbers into strings and keeps nested values as JSON, so nothing is lost', () => {
    expect(parsed(triggerBody({ variables: { n: 13, list: [1, 2] } })).variables).toEqual({ n: '13', list: '[1,2]' })
  })

  it('reads missing, null, "null" and an empty form field as no variables', () => {
    for (const variables of [undefined, null, 'null', ' null ', '', '  '])
      expect(parsed(triggerBody({ variables })).variables).toEqual({})
  })

  it('drops keys that are empty once trimmed', () => {
    expect(parsed(triggerBody({ variables: { '  ': 'x', a: 'y' } })).variables).toEqual({ a: 'y' })
  })
})

describe('branch_data', () => {
  it('accepts numeric and empty values as strings', () => {
    const steps = parsed(
      triggerBody({ branch_data: [{ branch: 0, input: 1 }, { branch: '1000', input: '' }, { branch: 5 }] }),
    ).branch_data
    expect(steps).toEqual([
      { branch: '0', input: '1' },
      { branch: '1000', input: '' },
      { branch: '5', input: '' },
    ])
  })

  it('reads missing, null and an empty form field as an empty path', () => {
    for (const branch_data of [null, undefined, '', 'null'])
      expect(parsed(triggerBody({ branch_data })).branch_data).toEqual([])
  })

  it('trims the spaces a form sender leaves around branch numbers and inputs', () => {
    const text = JSON.stringify([{ branch: ' 1000 ', input: ' 17\n' }])
    const steps = parsed(triggerBody({ branch_data: ` ${text}\n` })).branch_data
    expect(steps).toEqual([{ branch: '1000', input: '17' }])
  })

  it('refuses JSON text that is cut short, naming the field', () => {
    expect(parseTriggerRequest(triggerBody({ branch_data: '[{"branch":"0",' }))).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        status: 400,
        message: 'branch_data must be an array of {branch, input} objects',
      },
    })
  })

  it('refuses a value that is not a list of steps, naming the field', () => {
    const result = parseTriggerRequest(triggerBody({ branch_data: 7 }))
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', status: 400 } })
    expect(!result.ok && result.error.message).toContain('branch_data')
  })
})

describe('payment_info', () => {
  it('accepts cvv as a number or a string and amounts as strings, keeping only safe fields', () => {
    for (const cvv of [987, '987']) {
      const payments = parsed(
        triggerBody({ payment_info: [{ amount: '57.5', cvv, last_four: '4444', expiration: '0126' }] }),
      ).payment_info
      expect(payments).toEqual([{ amount_cents: 5750, last_four: '4444', transaction_id: '' }])
    }
  })

  it('accepts one payment object, and amounts with a dollar sign and thousands separator', () => {
    const payments = parsed(triggerBody({ payment_info: { amount: '$1,057.05', last_four: '1111' } })).payment_info
    expect(payments).toEqual([{ amount_cents: 105705, last_four: '1111', transaction_id: '' }])
  })

  it('keeps only the last four digits even when a full card number is sent', () => {
    const payments = parsed(
      triggerBody({ payment_info: [{ amount: '1', last_four: '4111111111111111' }] }),
    ).payment_info
    expect(payments[0]?.last_four).toBe('1111')
  })

  it('keeps only digits in last_four, whatever text comes with them', () => {
    const payments = parsed(
      triggerBody({ payment_info: [{ amount: '1', last_four: 'xxxx-xxxx-xxxx-4444 (Visa)' }] }),
    ).payment_info
    expect(payments[0]?.last_four).toBe('4444')
  })

  it('reads missing, null and an empty form field as no payments', () => {
    for (const payment_info of [undefined, null, '', 'null'])
      expect(parsed(triggerBody({ payment_info })).payment_info).toEqual([])
  })

  it('keeps a payment whose amount cannot be read, without an amount and without echoing the value', () => {
    const payments = parsed(triggerBody({ payment_info: [{ amount: 'cvv-987', last_four: '4444' }] })).payment_info
    expect(payments).toEqual([{ amount_cents: undefined, last_four: '4444', transaction_id: '' }])
  })

  it.each([
    ['400 nines', '9'.repeat(400)],
    ['10^21 as digits', `1${'0'.repeat(21)}`],
    ['10^21 as a JSON number', 1e21],
    ['an infinite number', 'Infinity'],
    ['a negative amount', '-5'],
  ])('keeps a payment with an out-of-range amount (%s) without an amount', (_, amount) => {
    const payments = parsed(triggerBody({ payment_info: [{ amount, last_four: '4444' }] })).payment_info
    expect(payments[0]?.amount_cents).toBeUndefined()
  })

  it('reads the largest amount in range exactly', () => {
    const payments = parsed(triggerBody({ payment_info: [{ amount: '9999999999.99' }] })).payment_info
    expect(payments[0]?.amount_cents).toBe(999_999_999_999)
  })
})

describe('other fields', () => {
  it('keeps unknown extra fields apart, without failing', () => {
    expect(parsed(triggerBody({ queue_position: 3 })).extra).toEqual({ queue_position: 3 })
  })

  it('accepts a numeric call_id, cid and did', () => {
    const request = parsed({ call_id: 17, cid: 8459511000, did: 8459511110 })
    expect([request.call_id, request.cid, request.did]).toEqual(['17', '8459511000', '8459511110'])
  })

  it('trims the spaces a form sender leaves around call_id and text fields, and reads booleans as text', () => {
    const request = parsed({ call_id: ' c1 ', cid: ' 8459511000 ', cnam: 'VOITEX\n', did: true })
    expect([request.call_id, request.cid, request.cnam, request.did]).toEqual(['c1', '8459511000', 'VOITEX', 'true'])
  })

  it.each([[[]], [42], ['text'], [null]])('refuses %j as not a Trigger request', (body) => {
    expect(parseTriggerRequest(body)).toEqual({
      ok: false,
      error: { code: 'not_a_trigger_request', status: 400, message: 'the body must be an object of Trigger fields' },
    })
  })

  it('refuses an object without call_id', () => {
    expect(parseTriggerRequest({ cid: '1' })).toEqual({
      ok: false,
      error: {
        code: 'not_a_trigger_request',
        status: 400,
        message: 'call_id is missing: this is not a Trigger request',
      },
    })
  })
})

describe('a field of the wrong shape', () => {
  const CARD = '4111111111111111'
  it.each([
    [{ call_id: { id: CARD } }, 'call_id must be a non-empty string or number'],
    [{ call_id: true }, 'call_id must be a non-empty string or number'],
    [{ call_id: ' ' }, 'call_id: call_id is empty'],
    [{ cid: { number: CARD } }, 'cid must be a string or number'],
    [{ cnam: [CARD] }, 'cnam must be a string or number'],
    [{ branch_data: 7 }, 'branch_data must be an array of {branch, input} objects'],
    [{ branch_data: [CARD] }, 'branch_data.0 must be an object'],
    [{ branch_data: [{ branch: '0' }, { branch: [CARD] }] }, 'branch_data.1.branch must be a string or number'],
    [{ payment_info: Number(CARD) }, 'payment_info must be a payment object or an array of them'],
    [{ payment_info: [{ amount: [CARD] }] }, 'payment_info.0.amount must be a string or number'],
    [{ variables: Number(CARD) }, 'variables must be an object or an array of objects'],
    [{ variables: CARD }, 'variables must be an object or an array of objects'],
    [{ variables: [{ a: '1' }, CARD] }, 'variables.1 must be an object'],
  ])('%j is refused with a message that names it and what it should be, never its value', (fields, message) => {
    const result = parseTriggerRequest(triggerBody(fields))
    expect(result).toEqual({ ok: false, error: { code: 'invalid_request', status: 400, message } })
  })

  it('reports the first three problems, in field order', () => {
    const result = parseTriggerRequest(triggerBody({ cid: [], cnam: [], date_time: {}, did: {} }))
    expect(!result.ok && result.error.message).toBe(
      'cid must be a string or number; cnam must be a string or number; date_time must be a string or number',
    )
  })
})

describe('bodies', () => {
  const sampleJson = JSON.stringify(SEED_REQUEST)

  it('reads application/json', async () => {
    expect(await readBody(post(sampleJson, 'application/json'))).toEqual({ ok: true, value: SEED_REQUEST })
  })

  it('reads a URL-encoded form whose array fields are JSON text', async () => {
    const form = new URLSearchParams({
      call_id: 'c1',
      branch_data: JSON.stringify(SEED_REQUEST.branch_data),
      variables: JSON.stringify(SEED_REQUEST.variables),
    })
    const body = await readBody(post(form.toString(), 'application/x-www-form-urlencoded'))
    expect(body.ok && parsed(body.value).branch_data).toEqual([
      { branch: '0', input: '1' },
      { branch: '1000', input: '17' },
    ])
  })

  it('reads PHP-style bracketed form fields as arrays of objects', () => {
    const fields = new URLSearchParams(
      'call_id=c1&branch_data[0][branch]=0&branch_data[0][input]=1&branch_data[1][branch]=1000&variables[0][caller_pin ]=123',
    )
    const request = parsed(formToObject(fields))
    expect(request.branch_data).toEqual([
      { branch: '0', input: '1' },
      { branch: '1000', input: '' },
    ])
    expect(request.variables).toEqual({ caller_pin: '123' })
  })

  it('ignores form fields that would reach an object prototype', () => {
    const object = formToObject(new URLSearchParams('call_id=1&__proto__[polluted]=yes&a[constructor][x]=1'))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(object).toEqual({ call_id: '1' })
  })

  it('reads multipart/form-data', async () => {
    const form = new FormData()
    form.set('call_id', 'c2')
    form.set('branch_data', '[{"branch":"0","input":"3"}]')
    const body = await readBody(new Request('http://local/trigger', { method: 'POST', body: form }))
    expect(body.ok && parsed(body.value).branch_data).toEqual([{ branch: '0', input: '3' }])
  })

  it.each([[undefined], ['text/plain'], ['application/octet-stream']])(
    'reads JSON sent with content-type %s',
    async (type) => {
      expect(await readBody(post(sampleJson, type))).toEqual({ ok: true, value: SEED_REQUEST })
    },
  )

  it('reads a form sent with an unexpected content-type', async () => {
    const body = await readBody(post('call_id=c3&cid=8459511000', 'text/plain'))
    expect(body).toEqual({ ok: true, value: { call_id: 'c3', cid: '8459511000' } })
  })

  it('reads a form mislabelled as JSON, since a real request must not be lost', async () => {
    const body = await readBody(post('call_id=c4&date_time=2023-07-20 11:35:35', 'application/json'))
    expect(body).toEqual({ ok: true, value: { call_id: 'c4', date_time: '2023-07-20 11:35:35' } })
  })

  it('reads a multipart body sent with the wrong content-type, by its boundary line', async () => {
    const form = new FormData()
    form.set('call_id', 'c5')
    const multipart = new Request('http://local/trigger', { method: 'POST', body: form })
    const bytes = await multipart.text()
    expect(await readBody(post(bytes, 'application/json'))).toEqual({ ok: true, value: { call_id: 'c5' } })
    expect(await readBody(post(bytes))).toEqual({ ok: true, value: { call_id: 'c5' } })
  })

  it('refuses malformed JSON declared as JSON', async () => {
    expect(await readBody(post('{"call_id":', 'application/json'))).toMatchObject({
      ok: false,
      error: { code: 'invalid_json', status: 400 },
    })
  })

  describe('a body over the size limit is refused with 413, whatever its declared length', () => {
    const big = JSON.stringify(triggerBody({ pad: 'x'.repeat(70_000) }))
    const withLength = (length: number) =>
      new Request('http://local/trigger', {
        method: 'POST',
        body: big,
        headers: { 'content-type': 'application/json', 'content-length': String(length) },
      })
    const streamed = () => {
      const bytes = new TextEncoder().encode(big)
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 8192) controller.enqueue(bytes.slice(at, at + 8192))
          controller.close()
        },
      })
      return new Request('http://local/trigger', { method: 'POST', body, duplex: 'half' } as RequestInit)
    }

    it('declared honestly: refused from the header, before the body is read', async () => {
      const request = withLength(new TextEncoder().encode(big).length)
      expect(await readBody(request)).toMatchObject({ ok: false, error: { status: 413 } })
      expect(request.bodyUsed).toBe(false)
    })

    it('declared smaller than it is: refused once read', async () => {
      expect(await readBody(withLength(100))).toMatchObject({ ok: false, error: { status: 413 } })
    })

    it('not declared (streamed): refused while streaming', async () => {
      const request = streamed()
      expect(request.headers.get('content-length')).toBeNull()
      expect(await readBody(request)).toMatchObject({ ok: false, error: { status: 413 } })
    })
  })

  it('reads a JSON body labelled as a URL-encoded form, as a PHP sender posts it', async () => {
    const json = JSON.stringify(triggerBody())
    expect(await readBody(post(json, 'application/x-www-form-urlencoded'))).toEqual({ ok: true, value: triggerBody() })
  })

  it('reads a JSON body labelled multipart/form-data', async () => {
    const json = JSON.stringify(triggerBody())
    expect(await readBody(post(json, 'multipart/form-data; boundary=x'))).toEqual({ ok: true, value: triggerBody() })
  })

  it('counts JSON text inside a field toward the depth limit', async () => {
    const body = JSON.stringify(triggerBody({ variables: `${'['.repeat(30_000)}${']'.repeat(30_000)}` }))
    expect(await readBody(post(body, 'application/json'))).toMatchObject({ ok: false, error: { code: 'too_complex' } })
  })

  it('counts JSON text inside a field toward the value limit', async () => {
    const body = JSON.stringify(triggerBody({ branch_data: `[${'{},'.repeat(5000)}{}]` }))
    expect(await readBody(post(body, 'application/json'))).toMatchObject({
      ok: false,
      error: { code: 'too_complex', message: 'the body has more than 4000 values' },
    })
  })

  it('counts form fields before building anything from them', async () => {
    expect(await readBody(post('a[]=&'.repeat(5000), 'application/x-www-form-urlencoded'))).toMatchObject({
      ok: false,
      error: { code: 'too_complex' },
    })
  })

  it('refuses nesting deeper than the limit', async () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`
    expect(await readBody(post(deep, 'application/json'))).toMatchObject({ ok: false, error: { code: 'too_complex' } })
  })
})

describe('the call view', () => {
  const context = { trigger: 'default', receivedAt: 0, timeZone: 'America/New_York' }
  const call = toCall(parsed(SEED_REQUEST), context)

  it('gives the path, the last branch and input, and the input at a branch', () => {
    expect(call.path).toEqual(['0', '1000'])
    expect([call.branch, call.lastInput]).toEqual(['1000', '17'])
    expect(call.inputAt(0)).toBe('1')
    expect(call.inputAt('999')).toBeUndefined()
    expect(call.visited(1000)).toBe(true)
    expect(call.visited(999)).toBe(false)
  })

  // The vendor: branch_data is "An array detailing each branch the caller navigated through during the phone call,
  // along with the inputs pressed at each step." A caller who comes back to a menu appears there again.
  it('gives the last of several steps as the branch, and what was pressed the latest time at a branch', () => {
    const steps = [
      { branch: '0', input: '1' },
      { branch: '100', input: '' },
      { branch: '0', input: '2' },
      { branch: '300', input: '5' },
    ]
    const again = toCall(parsed(triggerBody({ branch_data: steps })), context)
    expect([again.branch, again.lastInput]).toEqual(['300', '5'])
    expect([again.inputAt(0), again.inputAt(100)]).toEqual(['2', ''])
    expect([again.visited(100), again.visited(200)]).toEqual([true, false])
  })

  it('gives payments made in this call as a total and the last four digits', () => {
    expect(call.payments).toMatchObject({ count: 1, totalCents: 5700, lastFour: '4444' })
  })

  it('gives no total when any payment came without a readable amount, wherever it stands', () => {
    for (const amounts of [
      ['n/a', '5.00'],
      ['5.00', 'n/a', '7'],
    ]) {
      const payment_info = amounts.map((amount, index) => ({ amount, last_four: `000${index}` }))
      const payments = toCall(parsed(triggerBody({ payment_info })), context).payments
      expect(payments).toMatchObject({
        count: amounts.length,
        totalCents: undefined,
        lastFour: `000${amounts.length - 1}`,
      })
    }
    const paid = toCall(parsed(triggerBody({ payment_info: [{ amount: '5.00' }, { amount: '7.25' }] })), context)
    expect(paid.payments.totalCents).toBe(1225)
  })

  it('gives the caller number as ten-digit NANP and E.164', () => {
    expect(call.caller).toEqual({ raw: '8459511000', nanp: '8459511000', e164: '+18459511000' })
  })

  it('reads date_time as a wall-clock time with its weekday', () => {
    expect(call.time).toEqual({ year: 2023, month: 7, day: 20, hour: 11, minute: 35, second: 35, weekday: 4 })
  })

  it('uses the receive time in the platform zone when date_time is missing', () => {
    const noTime = toCall(parsed({ call_id: 'x' }), {
      trigger: 'default',
      receivedAt: Date.UTC(2026, 0, 5, 15, 0, 0),
      timeZone: 'America/New_York',
    })
    expect(noTime.time).toMatchObject({ year: 2026, month: 1, day: 5, hour: 10, minute: 0 })
  })
})
