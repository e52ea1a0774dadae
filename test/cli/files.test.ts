import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { jsonFileStore } from '../../adapters/stores/json-file.ts'
import { readCallers } from '../../cli/callers.ts'
import { envSetting, ownEnv } from '../../cli/config.ts'
import {
  dataProblem,
  decodeText,
  type FileLine,
  parseJsonText,
  readLines,
  readUserFile,
  readUserText,
} from '../../cli/files.ts'
import { type CallerStore, createTriggerApp, defineFlow, memoryLogger, reply } from '../../src/index.ts'
import { loadIvrMap, parseYamlText } from '../../testing/files.ts'

// Files handed to the CLI are hostile input: these are the rules every loader shares (cli/files.ts), and the caller
// loader that builds records from column paths.
const dir = mkdtempSync(join(tmpdir(), 'user-files-'))
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** Object.prototype's own keys, to show a read left it as it was. */
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort()
const pristine = prototypeKeys()

describe('reading a user file', () => {
  it('refuses a device such as /dev/zero before reading a byte', async () => {
    await expect(readUserFile('/dev/zero', 1024)).rejects.toThrow('/dev/zero: not a regular file')
  })

  it('refuses a FIFO at once, even with no writer (it would otherwise block)', async () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    await expect(readUserFile(fifo, 1024)).rejects.toThrow(`${fifo}: not a regular file`)
  })

  it('refuses a folder, naming it one', async () => {
    await expect(readUserFile(dir, 1024)).rejects.toThrow(`${dir}: not a regular file (a folder)`)
  })

  it('refuses a file over its bound as too large, without quoting it', async () => {
    const big = file('big.json', `{"secret":"${'x'.repeat(2000)}"}`)
    await expect(readUserFile(big, 1000)).rejects.toThrow(`${big}: file too large (more than 1000 bytes)`)
  })

  it('says a missing file is missing, in one line', async () => {
    await expect(readUserFile(join(dir, 'nope.json'), 1000)).rejects.toThrow(/nope\.json: no such file$/)
  })

  it('drops a UTF-8 byte order mark', async () => {
    expect(await readUserText(file('bom.json', '\uFEFF[1]'), 1000)).toBe('[1]')
  })

  it('refuses bytes that are not UTF-8, naming their lines rather than replacing them', () => {
    const bytes = Buffer.concat([Buffer.from('phone,name\n1,Ana\n2,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')])
    expect(() => decodeText(bytes, 'callers.csv')).toThrow('callers.csv: not valid UTF-8 on line 3')
  })
})

describe('parsing a user file', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\n'

  it('names a JSON syntax error without quoting the text (V8 would quote it)', () => {
    expect(() => parseJsonText(passwd, '/etc/passwd')).toThrow(/^\/etc\/passwd: not valid JSON$/)
    expect(() => parseJsonText('{"a": 1,\n"b": sk_live_123}', 'x.json')).toThrow(/^x\.json: not valid JSON$/)
    expect(() => parseJsonText('{"a": 1}\n sk_live_123', 'x.json')).toThrow(
      /^x\.json: not valid JSON \(line 2, column 2\)$/,
    )
  })

  it('names a YAML syntax error by line and kind, without the code frame that quotes the line', async () => {
    let message = ''
    try {
      await parseYamlText('STRIPE_SECRET_KEY: sk_live_51Habc: 1\n', '.env')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe('.env: not valid YAML (line 1, column 20: block as implicit key)')
  })

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a "%s" key, in JSON and in YAML', async (key) => {
    expect(() => parseJsonText(`{"a":[{"${key}":{"polluted":1}}]}`, 'x.json')).toThrow(
      `x.json: the key "${key}" is not allowed (at a.0)`,
    )
    await expect(parseYamlText(`a:\n  - ${key}:\n      polluted: 1\n`, 'x.yaml')).rejects.toThrow(
      `x.yaml: the key "${key}" is not allowed (at a.0)`,
    )
  })

  it('refuses data nested 200,000 deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)
    expect(dataProblem(deep)).toMatch(/^nested deeper than 64 levels/)
    expect(dataProblem({ a: [{ b: 1 }] })).toBeUndefined()
  })

  it('loads an IVR map with a __proto__ key as an error, not as a map', async () => {
    const map = file(
      'map.yaml',
      'did: "1"\nbranches:\n  "0":\n    type: terminal\n    kind: hangup\n__proto__:\n  x: 1\n',
    )
    await expect(loadIvrMap(map)).rejects.toThrow(`${map}: the key "__proto__" is not allowed (at the top level)`)
  })
})

describe('reading a file line by line', () => {
  async function lines(path: string, maxLineBytes: number): Promise<FileLine[]> {
    const read: FileLine[] = []
    for await (const line of readLines(path, maxLineBytes)) read.push(line)
    return read
  }

  it('gives each line with its number, CRLF or LF, the last one without a line break too', async () => {
    expect(await lines(file('lines.txt', 'a\r\nbb\n\nccc'), 100)).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'bb' },
      { number: 3, text: '' },
      { number: 4, text: 'ccc' },
    ])
  })

  it('skips a line over the bound as it streams, and goes on with the next', async () => {
    const long = 'x'.repeat(200_000)
    expect(await lines(file('long.txt', `a\n${long}\nb\n${long}`), 1000)).toEqual([
      { number: 1, text: 'a' },
      { number: 2, tooLong: true },
      { number: 3, text: 'b' },
      { number: 4, tooLong: true },
    ])
  })

  it('joins a line split across reads', async () => {
    const line = 'y'.repeat(150_000)
    expect(await lines(file('split.txt', `${line}\nz\n`), 1_000_000)).toEqual([
      { number: 1, text: line },
      { number: 2, text: 'z' },
    ])
  })

  it('refuses /dev/zero as not a regular file', async () => {
    await expect(lines('/dev/zero', 1000)).rejects.toThrow('/dev/zero: not a regular file')
  })
})

describe('callers from a CSV file', () => {
  it.each([
    ['__proto__.HOST', '__proto__'],
    ['constructor.prototype.NODE_OPTIONS', 'constructor'],
    ['order.prototype', 'prototype'],
  ])('refuses a column path through a prototype (%s), leaving Object.prototype as it was', async (column, key) => {
    const csv = file('evil.csv', `phone,name,${column}\n8455550101,Ana,0.0.0.0\n`)
    await expect(readCallers(csv)).rejects.toThrow(
      `${csv}: column "${column}" uses "${key}", which is not allowed in a column path`,
    )
    expect(prototypeKeys()).toEqual(pristine)
    expect(({} as Record<string, unknown>).HOST).toBeUndefined()
  })

  it('builds nested records with no prototype to read through', async () => {
    const [row] = await readCallers(file('nested.csv', 'phone,order.id,order.paid:boolean\n8455550101,7,true\n'))
    expect(row).toMatchObject({ key: '+18455550101', record: { order: { id: '7', paid: true } } })
    const order = row && 'record' in row ? row.record.order : undefined
    expect(Object.getPrototypeOf(order)).toBeNull()
  })

  it('refuses columns that collide (a value and an object at one path), naming them', async () => {
    const csv = file('collide.csv', 'phone,order,order.id\n8455550101,x,7\n')
    await expect(readCallers(csv)).rejects.toThrow(`${csv}: column "order.id" nests inside column "order"`)
  })

  it('names a CSV syntax error by line without quoting the field', async () => {
    const csv = file('quote.csv', 'phone,name\n8455550101,sk_live"secret\n')
    await expect(readCallers(csv)).rejects.toThrow(/quote\.csv: not valid CSV at line 2 \(invalid opening quote\)$/)
  })

  it('marks a second row with the same phone, by its line and the first one', async () => {
    const rows = await readCallers(
      file('dupes.csv', 'phone,name\n8455550101,Ana\n(845) 555-0101,Ann\n8455550102,Ben\n'),
    )
    expect(rows).toEqual([
      { row: 2, key: '+18455550101', record: { name: 'Ana' } },
      { row: 3, error: 'phone +18455550101 again (first at line 2)' },
      { row: 4, key: '+18455550102', record: { name: 'Ben' } },
    ])
  })

  it('names rows by the line they are on, past empty lines and quoted line breaks', async () => {
    const rows = await readCallers(file('lines.csv', 'phone,name\n\n8455550101,"An\na"\n8455550101,B\n'))
    expect(rows.at(-1)).toEqual({ row: 5, error: 'phone +18455550101 again (first at line 4)' })
  })
})

describe('callers from a JSON file', () => {
  it('refuses a record with a __proto__ key', async () => {
    const json = file('evil.json', '[{"phone":"8455550101","__proto__":{"HOST":"0.0.0.0"}}]')
    await expect(readCallers(json)).rejects.toThrow(`${json}: the key "__proto__" is not allowed (at 0)`)
  })

  it('accepts a file that starts with a byte order mark', async () => {
    expect(await readCallers(file('bom.json', '\uFEFF[{"phone":"8455550101","name":"Ana"}]'))).toEqual([
      { row: 1, key: '+18455550101', record: { name: 'Ana' } },
    ])
  })
})

describe('the JSON file store (the Node entry and import --to json)', () => {
  /** What a lookup in `store` fails with, or `found` when it gives a record. */
  const lookup = (store: CallerStore, key = '+18455550101') =>
    store.get(key, new AbortController().signal).then(
      (record) => (record === undefined ? 'not found' : 'found'),
      (error: Error) => error.message,
    )

  it('reads through the same rules: a __proto__ key or a device is a problem, and nothing of it is loaded', async () => {
    const evil = file('store-evil.json', '[{"phone":"8455550101","__proto__":{"HOST":"0.0.0.0"}}]')
    const refused = `${evil}: the key "__proto__" is not allowed (at 0)`
    const store = await jsonFileStore(evil)
    expect(store.problem).toBe(refused)
    expect(await lookup(store)).toBe(refused)
    expect(({} as Record<string, unknown>).HOST).toBeUndefined()
    expect((await jsonFileStore('/dev/zero')).problem).toBe('/dev/zero: not a regular file')
  })

  it('never throws while it loads, so an entry that awaits it at its top level always loads', async () => {
    for (const text of ['{"phone": ', '42', 'null', '"callers"']) {
      const store = await jsonFileStore(file('store-bad.json', text))
      expect(store.problem).toMatch(/^.*store-bad\.json: /)
      expect(await lookup(store)).toBe(store.problem)
    }
  })

  it('serves the rows it can and names, as its problem, the rows it left out', async () => {
    const rows = [
      { phone: '8455550101', name: 'Ana' },
      { name: 'No phone' },
      { phone: 'not a number', name: 'Bad phone' },
    ]
    const store = await jsonFileStore(file('store-rows.json', JSON.stringify(rows)))
    expect(store.problem).toBe(`${join(dir, 'store-rows.json')}: no usable phone in row 2, row 3 (2 left out)`)
    expect(await lookup(store)).toBe('found')
    expect(await lookup(store, '+18455550199')).toBe('not found')
  })

  it('refuses to save over a file it could not read whole, and leaves the file as it was', async () => {
    const text = '[{"phone":"8455550101","name":"Ana"},{"name":"No phone, yet"}]'
    const path = file('store-save.json', text)
    const store = await jsonFileStore(path)
    await store.put?.('+18455550102', { name: 'Ben' })
    await expect(store.save()).rejects.toThrow(`${store.problem}: not saved over`)
    expect(readFileSync(path, 'utf8')).toBe(text)
    await expect((await jsonFileStore(file('store-save-bad.json', '{'))).save()).rejects.toThrow('not saved over')
  })

  it('starts empty from a file that does not exist yet only when told to create it (import --to json)', async () => {
    const created = await jsonFileStore(join(dir, 'new.json'), { create: true })
    expect(created.problem).toBeUndefined()
    expect(await created.get('+18455550101', new AbortController().signal)).toBeUndefined()
  })

  describe('a mistyped path: an app that says so, and still answers every Trigger', () => {
    const absent = join(dir, 'calers.json')
    const app = createTriggerApp({
      flows: defineFlow({
        name: 'greet',
        caller: z.object({ name: z.string() }),
        async decide(_call, deps) {
          const lookup = await deps.lookupCaller()
          return reply()
            .set({ lookup: lookup.status === 'unavailable' ? lookup.reason : lookup.status })
            .goto(0)
        },
      }),
    })
    const serving = async () => {
      const logger = memoryLogger()
      return { handler: app.handler({ store: await jsonFileStore(absent), logger }), logs: logger.records }
    }
    const trigger = () =>
      new Request('http://local/trigger', {
        method: 'POST',
        body: JSON.stringify({ call_id: 'c1', cid: '8455550101' }),
      })

    it('logs a config_error naming the file when the app starts', async () => {
      const { logs } = await serving()
      expect(logs).toContainEqual(
        expect.objectContaining({
          event: 'config_error',
          message: `caller store (json-file): the callers file ${absent} does not exist`,
        }),
      )
    })

    it('answers GET /health 200 degraded (calls are still answered here), the path only in the logs', async () => {
      const { handler } = await serving()
      const response = await handler.fetch(new Request('http://local/health'))
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({
        status: 'degraded',
        message: 'the caller store (json-file) has a problem: its config_error log line says which',
        flows: ['default'],
      })
    })

    it("answers a Trigger with the flow's store-error path, its lookup line naming the file", async () => {
      const { handler, logs } = await serving()
      const response = await handler.fetch(trigger())
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ goto: '0', variables: { lookup: 'store_error' } })
      expect(logs).toContainEqual(
        expect.objectContaining({
          event: 'caller_lookup_degraded',
          reason: 'store_error',
          error: { name: 'Error', message: `the callers file ${absent} does not exist` },
        }),
      )
    })
  })
})

describe("the CLI's own settings", () => {
  /** Run `body` with `name` planted on Object.prototype, as a polluting parser would, and take it away after. */
  function withPlanted<T>(name: string, value: string, body: () => T): T {
    Object.defineProperty(Object.prototype, name, { value, enumerable: true, configurable: true, writable: true })
    try {
      return body()
    } finally {
      delete (Object.prototype as Record<string, unknown>)[name]
    }
  }

  it('reads an environment variable as the process own only, never one inherited through Object.prototype', () => {
    const env: NodeJS.ProcessEnv = { PORT: '8787' }
    expect(withPlanted('HOST', '0.0.0.0', () => [envSetting('HOST', env), envSetting('PORT', env)])).toEqual([
      undefined,
      '8787',
    ])
  })

  it('gives a child process only the own variables (spawn copies inherited keys too)', () => {
    const printed = withPlanted('VOITEX_PLANTED', 'planted', () =>
      spawnSync(process.execPath, ['-p', 'process.env.VOITEX_PLANTED ?? "absent"'], {
        env: ownEnv({ EXTRA: '1' }, process.env),
        encoding: 'utf8',
      }),
    )
    expect(printed.stdout.trim()).toBe('absent')
  })
})
