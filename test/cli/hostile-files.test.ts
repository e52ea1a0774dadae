import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_TIMEOUT_MS, cliCommand, runCli } from '../helpers/cli.ts'
import { freePort } from '../helpers/processes.ts'

// Files a user or a teammate hands the CLI, written by an attacker: a callers CSV whose column paths reach
// Object.prototype, a config or map that is a device or a secret file, captures with a `..` trigger or nesting 200,000
// deep. Each is refused in one line (exit code 2), runs nothing, and never quotes the file.
const dir = mkdtempSync(join(tmpdir(), 'hostile-files-'))
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** One line on stderr, no stack trace (`    at …`). */
function oneLine(stderr: string): string {
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(stderr.trim().split('\n')).toHaveLength(1)
  return stderr.trim()
}

/**
 * The pollution columns of the report: `__proto__.HOST` (read by dev as its listen address) and
 * `constructor.prototype.NODE_OPTIONS`, whose value makes any Node child (wrangler, for `import --to kv-local`) run
 * code that writes `marker`.
 */
function pollutingCsv(marker: string): string {
  const payload = `--import=data:text/javascript,import(\`node:fs\`).then(f=>f.writeFileSync(\`${marker}\`,\`ran\`))`
  return file(
    'evil.csv',
    `phone,name,__proto__.HOST,constructor.prototype.NODE_OPTIONS\n8455550101,Ana,0.0.0.0,"${payload}"\n`,
  )
}
const REFUSED_COLUMN = 'column "__proto__.HOST" uses "__proto__", which is not allowed in a column path'

describe('a callers CSV with column paths through the prototype', { timeout: CLI_TIMEOUT_MS }, () => {
  it('import --to kv-local refuses it and runs nothing (wrangler never gets the planted NODE_OPTIONS)', async () => {
    const marker = join(dir, 'import-ran')
    const csv = pollutingCsv(marker)
    const persist = join(dir, 'kv-state')
    const { code, stderr } = await runCli([
      'import',
      '--file',
      csv,
      '--to',
      'kv-local',
      '--persist-to',
      persist,
      '--unchecked',
    ])
    expect(oneLine(stderr)).toBe(`voitex-trigger: ${csv}: ${REFUSED_COLUMN}`)
    expect(code).toBe(2)
    expect(existsSync(marker)).toBe(false)
  })

  it('dev refuses it instead of listening on the planted HOST', async () => {
    const port = await freePort()
    const [command, args] = cliCommand(['dev', '--callers', pollutingCsv(join(dir, 'dev-ran')), '--port', String(port)])
    // Ends at its first word: the refusal (exit), or the line saying where it listens (then it is stopped).
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(command, args, {
        stdio: 'pipe',
        env: { ...process.env, TSX_TSCONFIG_PATH: resolve('tsconfig.json') },
      })
      let output = ''
      const read = (chunk: Buffer) => {
        output += chunk.toString()
        if (/Try it:/.test(output)) child.kill('SIGTERM')
      }
      child.stdout.on('data', read)
      child.stderr.on('data', read)
      child.once('close', (code) => done({ code, output }))
    })
    expect(output).not.toContain('0.0.0.0')
    expect(oneLine(output)).toContain(REFUSED_COLUMN)
    expect(code).toBe(2)
  })

  it('call refuses it, in one line', async () => {
    const csv = pollutingCsv(join(dir, 'call-ran'))
    const { code, stderr } = await runCli(['call', '--from', '8455550101', '--callers', csv], { input: '1\n' })
    expect(oneLine(stderr)).toBe(`voitex-trigger: ${csv}: ${REFUSED_COLUMN}`)
    expect(code).toBe(2)
  })
})

describe('import reports what it would lose or change', { timeout: CLI_TIMEOUT_MS }, () => {
  it('a phone seen twice: nothing imported, the second line named with the first', async () => {
    const csv = file('dupes.csv', 'phone,name\n8455550101,Ana\n8455550102,Ben\n(845) 555-0101,Ann\n')
    const out = join(dir, 'dupes-out.json')
    const { code, stderr } = await runCli(['import', '--file', csv, '--to', 'json', '--out', out, '--unchecked'])
    expect(stderr).toContain('line 4: phone +18455550101 again (first at line 2)')
    expect(code).toBe(1)
    expect(existsSync(out)).toBe(false)
  })

  it('bytes that are not UTF-8: refused by line, never turned into U+FFFD', async () => {
    const csv = file('latin1.csv', Buffer.from('phone,name\n8455550101,Ana\n8455550102,Jos\xe9\n', 'latin1'))
    const out = join(dir, 'latin1-out.json')
    const { code, stderr } = await runCli(['import', '--file', csv, '--to', 'json', '--out', out, '--unchecked'])
    expect(oneLine(stderr)).toBe(`voitex-trigger: ${csv}: not valid UTF-8 on line 3`)
    expect(code).toBe(2)
    expect(existsSync(out)).toBe(false)
  })

  it('an output it cannot write: one line naming the error, no stack trace, exit code 1', async () => {
    const json = file('ok.json', '[{"phone":"8455550101","name":"Ana"}]')
    const out = join(dir, 'no-such-folder', 'out.json')
    const { code, stderr } = await runCli(['import', '--file', json, '--to', 'json', '--out', out, '--unchecked'])
    expect(stderr).not.toMatch(/^\s+at /m)
    expect(stderr).toContain('voitex-trigger: ENOENT: no such file or directory')
    expect(code).toBe(1)
  })

  it('a JSON file that starts with a byte order mark is read', async () => {
    const json = file('bom.json', '\uFEFF[{"phone":"8455550101","name":"Ana"}]')
    const out = join(dir, 'bom-out.json')
    const { code } = await runCli(['import', '--file', json, '--to', 'json', '--out', out, '--unchecked'])
    expect(code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([{ phone: '+18455550101', name: 'Ana' }])
  })
})

describe('a config or map that is not one', { timeout: CLI_TIMEOUT_MS }, () => {
  it('a config at /dev/zero: refused before reading, in one line', async () => {
    const { code, stderr } = await runCli(['graph', '--config', '/dev/zero'])
    expect(oneLine(stderr)).toBe('voitex-trigger: /dev/zero: not a regular file')
    expect(code).toBe(2)
  })

  it('a config at /etc/passwd: one line that quotes nothing of it', async () => {
    const { code, stderr } = await runCli(['graph', '--config', '/etc/passwd'])
    expect(oneLine(stderr)).toBe('voitex-trigger: /etc/passwd: not valid JSON')
    expect(code).toBe(2)
  })

  it('a map that is a .env file: one line that quotes nothing of it', async () => {
    const env = file('.env', 'STRIPE_SECRET_KEY: sk_live_51Habc: 1\nDATABASE_URL=postgres://app:hunter2@db/app\n')
    const { code, stderr } = await runCli(['graph', '--map', env])
    expect(oneLine(stderr)).toBe(`voitex-trigger: ${env}: not valid YAML (line 1, column 20: block as implicit key)`)
    expect(code).toBe(2)
  })
})

describe('init onto something that is not a new folder', { timeout: CLI_TIMEOUT_MS }, () => {
  it('onto a file: one line, no stack trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'init-file-'))
    writeFileSync(join(cwd, 'my-line'), 'notes')
    const { code, stderr } = await runCli(['init', 'my-line'], { cwd })
    expect(oneLine(stderr)).toBe('voitex-trigger: my-line exists and is not a folder')
    expect(code).toBe(2)
    expect(readFileSync(join(cwd, 'my-line'), 'utf8')).toBe('notes')
  })

  it('onto a dangling symbolic link: one line, no stack trace, nothing written where it points', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'init-link-'))
    symlinkSync(join(cwd, 'elsewhere'), join(cwd, 'my-line'))
    const { code, stderr } = await runCli(['init', 'my-line'], { cwd })
    expect(oneLine(stderr)).toBe('voitex-trigger: my-line is a symbolic link: pass a new folder name')
    expect(code).toBe(2)
    expect(existsSync(join(cwd, 'elsewhere'))).toBe(false)
  })

  it('prints a cd hint that a shell reads as one word', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'init-space-'))
    const { code, stdout } = await runCli(['init', "Joe's line"], { cwd })
    expect(code).toBe(0)
    expect(stdout).toContain(`\n  cd 'Joe'\\''s line'\n`)
  })
})

/** A capture line the demo app replays: the lookup trigger, a caller it knows, the recorded answer. */
function captureLine(fields: { trigger?: string; decision?: unknown }): string {
  return JSON.stringify({
    level: 'info',
    event: 'capture',
    v: 1,
    at: '2023-07-20T15:35:35.000Z',
    time_zone: 'America/New_York',
    call_id: 'hostile-1',
    trigger: fields.trigger ?? 'lookup',
    flow: 'lookup',
    request: {
      call_id: 'hostile-1',
      did: '8455550000',
      cid: '8459511000',
      date_time: '2023-07-20 11:35:35',
      branch_data: [],
    },
    lookups: [],
    outcome: 'decision',
    decision: fields.decision ?? { goto: '0' },
  })
}

describe('replay of a hostile capture', { timeout: CLI_TIMEOUT_MS }, () => {
  it('/dev/zero: exit code 2, one line, before reading', async () => {
    const { code, stderr } = await runCli(['replay', '/dev/zero'])
    expect(oneLine(stderr)).toBe('voitex-trigger: /dev/zero: not a regular file')
    expect(code).toBe(2)
  })

  it('a regular file of zeros with no line break: skipped as one over-long line, never held', async () => {
    const zeros = file('zeros.log', Buffer.alloc(3 * 1024 * 1024))
    const { code, stderr } = await runCli(['replay', zeros])
    expect(stderr).toContain('unreadable capture, line 1: longer than 1048576 bytes, skipped')
    expect(code).toBe(2)
  })

  it('a decision nested 200,000 deep: that line reported, exit code 2, no stack overflow', async () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`
    const capture = file('deep.jsonl', `${captureLine({}).replace('{"goto":"0"}', deep)}\n`)
    const { code, stderr } = await runCli(['replay', capture])
    expect(stderr).toContain('unreadable capture, line 1: nested deeper than 64 levels at decision.a.0…')
    expect(stderr).not.toMatch(/RangeError|^\s+at /m)
    expect(code).toBe(2)
  })

  describe('--url', () => {
    const paths: string[] = []
    let base = ''
    let close = () => {}
    beforeAll(async () => {
      // A real endpoint on loopback that answers every request and records where it was sent.
      const server = createServer((request, response) => {
        paths.push(request.url ?? '')
        request.resume()
        response.setHeader('content-type', 'application/json')
        response.end('{"goto":"0"}')
      })
      await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      close = () => server.close()
    })
    afterAll(() => close())

    it.each(['..', '.'])('never posts a captured trigger "%s" outside /trigger/<name>', async (trigger) => {
      paths.length = 0
      const capture = file(`dots-${trigger.length}.jsonl`, `${captureLine({ trigger })}\n${captureLine({})}\n`)
      const { code, stderr } = await runCli(['replay', capture, '--url', base])
      expect(paths).toEqual(['/trigger/lookup'])
      expect(stderr).toContain('unreadable capture, line 1: trigger: not a plain trigger name')
      expect(code).toBe(2)
    })
  })
})
