/**
 * Reading a Trigger body: what is read as what, and the limits (docs/security.md, "Limits, linear work").
 * Team note 9 (../shared/README.md): "The vendor does not say which Content-Type it sends. A PHP sender posting a JSON
 * string without setting one sends `application/x-www-form-urlencoded`: read a body by what it is, whatever its label."
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_BODY_LIMITS, readBody } from '../../src/_internal.ts'
import type { BodyLimits } from '../../src/index.ts'

const URL = 'http://local/trigger'
const FORM = 'application/x-www-form-urlencoded'
const UNSUPPORTED = {
  ok: false,
  error: {
    code: 'unsupported_media_type',
    status: 415,
    message: 'the body is neither JSON, multipart nor a URL-encoded form',
  },
}
const INVALID_JSON = { ok: false, error: { code: 'invalid_json', status: 400, message: 'the body is not valid JSON' } }
const EMPTY = { ok: false, error: { code: 'invalid_body', status: 400, message: 'the body is empty' } }
const UNREADABLE_MULTIPART = {
  ok: false,
  error: { code: 'invalid_body', status: 400, message: 'the multipart body cannot be read' },
}
const tooLarge = (maxBytes: number) => ({
  ok: false,
  error: { code: 'body_too_large', status: 413, message: `the body is larger than ${maxBytes} bytes` },
})
const tooComplex = (what: string) => ({
  ok: false,
  error: { code: 'too_complex', status: 400, message: `the body has ${what}` },
})

const limits = (overrides: Partial<BodyLimits>): BodyLimits => ({ ...DEFAULT_BODY_LIMITS, ...overrides })
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text)

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(URL, { method: 'POST', body, headers })
}

/** How a body reaches us: with its length declared (honestly, or smaller than it is), or streamed without one. */
type Delivery = 'declared' | 'declared smaller' | 'streamed'
const DELIVERIES: readonly Delivery[] = ['declared', 'declared smaller', 'streamed']

function deliver(bytes: Uint8Array<ArrayBuffer>, contentType: string | undefined, how: Delivery): Request {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {}
  if (how === 'streamed') {
    const half = Math.ceil(bytes.length / 2)
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, half))
        controller.enqueue(bytes.slice(half))
        controller.close()
      },
    })
    return new Request(URL, { method: 'POST', body, headers, duplex: 'half' } as RequestInit)
  }
  headers['content-length'] = how === 'declared' ? String(bytes.length) : '10'
  return new Request(URL, { method: 'POST', body: bytes, headers })
}

/** A multipart body of text fields, as a sender writes it. */
function multipart(fields: readonly [string, string][], boundary = 'voitexboundary'): string {
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  return `${parts.join('')}--${boundary}--\r\n`
}

// Characters at each edge of UTF-8's 1-, 2-, 3- and 4-byte ranges (the last two are surrogate pairs in JavaScript).
const EDGES = 'José €😀 \u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\u{10000}\u{103ff}'

describe('the size limit: maxBytes is the largest body read, in bytes, however it arrives', () => {
  const json = JSON.stringify({ call_id: 'c1', cnam: EDGES })
  const form = multipart([
    ['call_id', 'c1'],
    ['cnam', EDGES],
  ])
  const value = { call_id: 'c1', cnam: EDGES }
  const kinds = [
    { kind: 'JSON', text: json, contentType: 'application/json', value },
    { kind: 'multipart', text: form, contentType: 'multipart/form-data; boundary=voitexboundary', value },
    { kind: 'ASCII form', text: 'call_id=c1&cnam=VOITEX', contentType: FORM, value: { call_id: 'c1', cnam: 'VOITEX' } },
  ]
  const cases = kinds.flatMap((kind) => DELIVERIES.map((how) => ({ ...kind, how })))

  it.each(cases)('$kind, $how: read at exactly maxBytes, refused with 413 one byte over', async (testCase) => {
    const bytes = utf8(testCase.text)
    expect(
      await readBody(deliver(bytes, testCase.contentType, testCase.how), limits({ maxBytes: bytes.length })),
    ).toEqual({ ok: true, value: testCase.value })
    const oneLess = limits({ maxBytes: bytes.length - 1 })
    expect(await readBody(deliver(bytes, testCase.contentType, testCase.how), oneLess)).toEqual(
      tooLarge(bytes.length - 1),
    )
  })

  it('streamed without a declared length: refused once past the limit, without reading the rest', async () => {
    let pulled = 0
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      // 1 KiB a pull, 1 MiB in all.
      pull(controller) {
        pulled++
        if (pulled > 1024) controller.close()
        else controller.enqueue(utf8(' '.repeat(1024)))
      },
      cancel() {
        cancelled = true
      },
    })
    const request = new Request(URL, { method: 'POST', body, duplex: 'half' } as RequestInit)
    expect(await readBody(request)).toEqual(tooLarge(64 * 1024))
    expect(cancelled).toBe(true)
    expect(pulled).toBeLessThan(70)
  })

  it('a multipart body is measured by its bytes: a binary file part within the limit is dropped, not refused', async () => {
    const form = new FormData()
    form.set('call_id', 'c1')
    form.set('scan', new Blob([new Uint8Array(30_000).fill(0xff)]), 'scan.bin')
    const sent = new Request(URL, { method: 'POST', body: form })
    const bytes = new Uint8Array(await sent.arrayBuffer())
    const contentType = sent.headers.get('content-type') ?? ''
    expect(bytes.length).toBeLessThan(DEFAULT_BODY_LIMITS.maxBytes)
    expect(await readBody(deliver(bytes, contentType, 'declared'))).toEqual({ ok: true, value: { call_id: 'c1' } })
  })
})

describe('what a body is read as, whatever its label', () => {
  it.each([
    ['without a body', post(null)],
    ['of whitespace only', post(' \r\n\t ')],
  ])('refuses a POST %s as empty (400)', async (_, request) => {
    expect(await readBody(request)).toEqual(EMPTY)
  })

  it.each([
    ['one field', 'call_id=c1', { call_id: 'c1' }],
    ['three fields', 'call_id=c1&cid=8459511000&cnam=VOITEX', { call_id: 'c1', cid: '8459511000', cnam: 'VOITEX' }],
    ['a trailing newline', 'call_id=c1&cid=8459511000\n', { call_id: 'c1', cid: '8459511000\n' }],
    ['a trailing &', 'call_id=c1&', { call_id: 'c1' }],
  ])('reads an unlabelled form by its shape: %s', async (_, body, value) => {
    expect(await readBody(post(body, { 'content-type': 'text/plain' }))).toEqual({ ok: true, value })
  })

  it('reads a form labelled as one (any case, with parameters) even when it is sloppy; unlabelled, the same text is refused', async () => {
    const sloppy = 'call_id=c1&&cid=8459511000'
    const labelled = post(sloppy, { 'content-type': 'Application/X-WWW-Form-URLencoded ; charset=UTF-8' })
    expect(await readBody(labelled)).toEqual({ ok: true, value: { call_id: 'c1', cid: '8459511000' } })
    expect(await readBody(post(sloppy, { 'content-type': 'text/plain' }))).toEqual(UNSUPPORTED)
  })

  it('reads a labelled form whose raw value holds a line like a multipart boundary as a form', async () => {
    const body = 'call_id=c1&note=see below\r\n--x\r\nthanks'
    expect(await readBody(post(body, { 'content-type': FORM }))).toEqual({
      ok: true,
      value: { call_id: 'c1', note: 'see below\r\n--x\r\nthanks' },
    })
  })

  it.each([
    ['prose', 'hello there, IVR'],
    ['prose ending like a form field', 'note: total=5'],
    ['a form field followed by prose', 'total=5\nnot a form'],
  ])('refuses %s, neither JSON, multipart nor a form, with 415', async (_, body) => {
    expect(await readBody(post(body, { 'content-type': 'text/plain' }))).toEqual(UNSUPPORTED)
    expect(await readBody(post(body))).toEqual(UNSUPPORTED)
  })

  it.each(['application/json', 'Application/JSON; charset=utf-8', 'application/vnd.voitex+json'])(
    'refuses a body labelled %s that is neither JSON nor a form as invalid JSON (400)',
    async (contentType) => {
      expect(await readBody(post('hello there, IVR', { 'content-type': contentType }))).toEqual(INVALID_JSON)
    },
  )

  it('reads JSON preceded by blank lines, and a JSON array, whatever the label', async () => {
    const padded = post('\r\n  {"call_id":"c1"}', { 'content-type': 'text/plain' })
    expect(await readBody(padded)).toEqual({ ok: true, value: { call_id: 'c1' } })
    expect(await readBody(post('[1,2]', { 'content-type': FORM }))).toEqual({ ok: true, value: [1, 2] })
    expect(await readBody(post('[1,', { 'content-type': 'text/plain' }))).toEqual(INVALID_JSON)
  })

  it.each(DELIVERIES)('reads a body that starts with a UTF-8 byte order mark, as JSON or a form (%s)', async (how) => {
    const bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])
    expect(await readBody(deliver(bom('{"call_id":"c1"}'), FORM, how))).toEqual({ ok: true, value: { call_id: 'c1' } })
    expect(await readBody(deliver(bom('call_id=c1'), 'text/plain', how))).toEqual({
      ok: true,
      value: { call_id: 'c1' },
    })
  })

  it('reads JSON null values', async () => {
    const body = JSON.stringify({ call_id: 'c1', contact_info: null, variables: [null] })
    expect(await readBody(post(body))).toEqual({
      ok: true,
      value: { call_id: 'c1', contact_info: null, variables: [null] },
    })
  })

  it.each(DELIVERIES)('reads a multipart body by its first boundary line, whatever its label (%s)', async (how) => {
    const bytes = utf8(multipart([['call_id', 'c1']], '----formdata-0123'))
    for (const contentType of ['application/json', FORM, undefined])
      expect(await readBody(deliver(bytes, contentType, how))).toEqual({ ok: true, value: { call_id: 'c1' } })
  })

  it.each([
    ['cut short', '--b\r\nContent-Disposition: form-data; name="call_id"\r\n\r\nc1'],
    ['with a part without headers', '--b\r\nnot a header\r\n--b--\r\n'],
    ['with bare LF line endings', '--b\nContent-Disposition: form-data; name="call_id"\n\nc1\n--b--\n'],
  ])('refuses a body that starts like multipart but is unreadable (%s) with 400', async (_, body) => {
    expect(await readBody(post(body, { 'content-type': 'multipart/form-data; boundary=b' }))).toEqual(
      UNREADABLE_MULTIPART,
    )
  })
})

describe('PHP-style form fields', () => {
  const form = async (body: string) => {
    const result = await readBody(post(body, { 'content-type': FORM }))
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it('reads `name[]` fields as a list, in order, at any level', async () => {
    expect(await form('call_id=c1&phones[]=1&phones[]=2&phones[]=3&s[0][tags][]=a&s[0][tags][]=b')).toEqual({
      call_id: 'c1',
      phones: ['1', '2', '3'],
      s: [{ tags: ['a', 'b'] }],
    })
  })

  it('reads an object keyed 0..n-1 (in any order) as a list, any other keys as an object', async () => {
    expect(await form('v[1]=b&v[0]=a&w[0]=a&w[x]=b&u[1]=b')).toEqual({
      v: ['a', 'b'],
      w: { '0': 'a', x: 'b' },
      u: { '1': 'b' },
    })
  })

  it('lets a later bracketed field replace a plain value of the same name, and the other way round', async () => {
    expect(await form('a=1&a[b]=2&c[d]=3&c=4')).toEqual({ a: { b: '2' }, c: '4' })
  })

  it('reads up to four brackets; keeps a name with more, or with stray brackets, whole', async () => {
    const names = ['a[b][c][d][e][f]', 'x]', '[i]', 'a[b', 'a[b]c', 'a[b]c]', 'a[b[c]', 'a[b[c]]', 'a[b][c[d]']
    const body = `call_id=c1&d[1][2][3][4]=deep&${names.map((name, index) => `${name}=${index}`).join('&')}`
    expect(await form(body)).toEqual({
      call_id: 'c1',
      d: { '1': { '2': { '3': { '4': 'deep' } } } },
      ...Object.fromEntries(names.map((name, index) => [name, String(index)])),
    })
  })

  it('ignores fields that would reach an object prototype', async () => {
    const body = 'call_id=c1&prototype=1&b[prototype]=2&constructor[x]=3&__proto__[polluted]=yes&e[f][__proto__]=4'
    expect(await form(body)).toEqual({ call_id: 'c1' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads an empty form as an empty object (then refused for its missing call_id)', async () => {
    expect(await form('')).toEqual({})
  })
})

describe('the value and part limits: counted on the raw text, before anything is built', () => {
  const ten = limits({ maxValues: 10 })
  const fields = (count: number) => Array.from({ length: count }, () => 'a=1').join('&')
  const parts = (count: number) => multipart(Array.from({ length: count }, () => ['a', '1'] as [string, string]))

  it('reads a form of maxValues fields, and refuses one more, even when they repeat one name', async () => {
    expect(await readBody(post(fields(10), { 'content-type': FORM }), ten)).toEqual({ ok: true, value: { a: '1' } })
    expect(await readBody(post(fields(11), { 'content-type': FORM }), ten)).toEqual(tooComplex('more than 10 values'))
  })

  it('reads a multipart body of maxValues parts, and refuses one more, even when they repeat one name', async () => {
    const type = { 'content-type': 'multipart/form-data; boundary=voitexboundary' }
    expect(await readBody(post(parts(10), type), ten)).toEqual({ ok: true, value: { a: '1' } })
    expect(await readBody(post(parts(11), type), ten)).toEqual(tooComplex('more than 10 values'))
  })
})

describe('the complexity limits: 16 levels and 4,000 values, JSON text inside fields counted as if parsed', () => {
  const read = (value: unknown) => readBody(post(JSON.stringify(value), { 'content-type': 'application/json' }))
  const TOO_DEEP = tooComplex('nesting deeper than 16 levels')
  const TOO_MANY = tooComplex('more than 4000 values')
  const arrays = (levels: number, leaf: string) => `${'['.repeat(levels)}${leaf}${']'.repeat(levels)}`
  const objects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
  /** A step is three values: the item and its two members. */
  const steps = (count: number) => Array.from({ length: count }, () => ({ branch: '1000', input: '17' }))

  it.each(['1', 'null'])('reads 16 levels of JSON with %s inside, and refuses 17', async (leaf) => {
    expect(await readBody(post(arrays(16, leaf)))).toMatchObject({ ok: true })
    expect(await readBody(post(arrays(17, leaf)))).toEqual(TOO_DEEP)
  })

  it.each([
    ['lists', (levels: number) => arrays(levels, '')],
    ['objects', objects],
    ['lists after blank lines', (levels: number) => ` \n${arrays(levels, '')}`],
  ])('reads JSON text of %s inside a field to 16 levels in all, and refuses 17', async (_, text) => {
    // The body is one level; the field's text takes the field's place.
    expect(await read({ call_id: 'c1', variables: text(15) })).toMatchObject({ ok: true })
    expect(await read({ call_id: 'c1', variables: text(16) })).toEqual(TOO_DEEP)
  })

  it('counts no depth for sibling lists and objects in JSON text', async () => {
    const body = {
      call_id: 'c1',
      branch_data: JSON.stringify(steps(20)),
      variables: JSON.stringify(Array.from({ length: 20 }, (_, index) => [index])),
    }
    expect(await read(body)).toMatchObject({ ok: true })
  })

  it('reads 4,000 values in all, and refuses 4,001', async () => {
    const list = (count: number) => Array.from({ length: count }, () => 0)
    // Three fields and a list: 3 + 3,997 values.
    expect(await read({ call_id: 'c1', list: list(3997), cnam: 'VOITEX' })).toMatchObject({ ok: true })
    expect(await read({ call_id: 'c1', list: list(3998), cnam: 'VOITEX' })).toEqual(TOO_MANY)
  })

  it('reads 4,000 values in all with JSON text inside a field, and refuses 4,001', async () => {
    // Four fields and 1,332 steps as JSON text: 4 + 3 × 1,332 values.
    const body = { call_id: 'c1', cid: '8459511000', branch_data: JSON.stringify(steps(1332)), cnam: 'VOITEX' }
    expect(await read(body)).toMatchObject({ ok: true })
    expect(await read({ ...body, did: '8459511110' })).toEqual(TOO_MANY)
  })

  it('counts JSON text by its values, not its characters: pretty-printed, or with brackets, commas and quotes in its strings', async () => {
    const note = `He said "${'['.repeat(20)}", then ${','.repeat(5000)}`
    const body = {
      call_id: 'c1',
      branch_data: JSON.stringify(steps(300), null, 2),
      variables: JSON.stringify([{ note }]),
    }
    expect(await read(body)).toMatchObject({ ok: true })
  })

  it('counts nothing in a text field that is not JSON, however many commas it holds', async () => {
    expect(await read({ call_id: 'c1', cnam: ','.repeat(5000), note: 'a, [b], {c}' })).toMatchObject({ ok: true })
  })
})
