import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dynamoStore } from 'voitex-trigger/stores/dynamodb'
import { redisStore } from 'voitex-trigger/stores/redis'
import { type LocalDynamo, startDynamo } from '../../fixtures/dynalite.ts'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

const dir = mkdtempSync(join(tmpdir(), 'import-test-'))
const CSV = join(dir, 'callers.csv')
writeFileSync(
  CSV,
  'phone,name,tier,order.id,order.status,invoice.id,invoice.amount_cents:number\n' +
    '(845) 555-0101,Ana,vip,,,,\n' +
    '8455550102,Ben,,99,shipped,,\n' +
    '18455550103,Cy,,,,INV-9,4500\n',
)

/** `voitex-trigger import` in this repository (its config names the demo app, whose caller schema checks rows). */
async function runImport(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runImportWith({}, ...args)
}

async function runImportWith(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['import', ...args], { env })
  return { status: code, stdout, stderr }
}

let dynamo: LocalDynamo
let redis: LocalRedis | { unavailable: string }
beforeAll(async () => {
  dynamo = await startDynamo('import-test', false)
  redis = await startRedis()
})
afterAll(async () => {
  await dynamo?.close()
  if (redis && 'stop' in redis) await redis.stop()
})

describe('voitex-trigger import', { timeout: CLI_TIMEOUT_MS }, () => {
  it('loads a CSV into a JSON callers file, keyed by normalised phone, nested and typed columns', async () => {
    const out = join(dir, 'out.json')
    expect((await runImport('--file', CSV, '--to', 'json', '--out', out)).status).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([
      { phone: '+18455550101', name: 'Ana', tier: 'vip' },
      { phone: '+18455550102', name: 'Ben', order: { id: '99', status: 'shipped' } },
      { phone: '+18455550103', name: 'Cy', invoice: { id: 'INV-9', amount_cents: 4500 } },
    ])
  })

  it('loads a JSON file into DynamoDB (dynalite)', async () => {
    const result = await runImport(
      '--file',
      'demo/callers.json',
      '--to',
      'dynamodb',
      '--table',
      'import-test',
      '--endpoint',
      dynamo.endpoint,
    )
    expect(result.status).toBe(0)
    const store = dynamoStore({ table: 'import-test', endpoint: dynamo.endpoint })
    expect(await store.get('+17325550184', new AbortController().signal)).toEqual({ name: 'Rivka', tier: 'vip' })
  })

  it('loads a CSV into Redis (redis-server)', async (context) => {
    if (!('url' in redis)) return context.skip(redis.unavailable)
    expect((await runImport('--file', CSV, '--to', 'redis', '--redis-url', redis.url)).status).toBe(0)
    const store = redisStore(redis.url)
    expect(await store.get('+18455550103', new AbortController().signal)).toEqual({
      name: 'Cy',
      invoice: { id: 'INV-9', amount_cents: 4500 },
    })
    await store.close()
  })

  it('loads into the Redis at REDIS_URL, as the Node entry reads it, when no --redis-url is given', async (context) => {
    if (!('url' in redis)) return context.skip(redis.unavailable)
    expect((await runImportWith({ REDIS_URL: redis.url }, '--file', CSV, '--to', 'redis')).status).toBe(0)
    const store = redisStore(redis.url)
    expect(await store.get('+18455550101', new AbortController().signal)).toEqual({ name: 'Ana', tier: 'vip' })
    await store.close()
  })

  it('says how to name the Redis when neither --redis-url nor REDIS_URL is given', async () => {
    const result = await runImportWith({ REDIS_URL: undefined }, '--file', CSV, '--to', 'redis')
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('--redis-url redis://… (or REDIS_URL)')
  })

  it('says in one line that wrangler is not installed, when it is not, for the local KV', async () => {
    // A PATH with Node only: no wrangler to start.
    const result = await runImportWith({ PATH: dirname(process.execPath) }, '--file', CSV, '--to', 'kv-local')
    expect(result.status).toBe(2)
    expect(result.stderr.trim()).toBe(
      'voitex-trigger: wrangler is not installed in this project: npm install (see package.json)',
    )
  })

  it('loads callers into the local KV that wrangler dev reads', async () => {
    const persist = join(dir, 'wrangler-state')
    expect((await runImport('--file', CSV, '--to', 'kv-local', '--persist-to', persist)).status).toBe(0)
    const read = spawnSync(
      'npx',
      ['wrangler', 'kv', 'key', 'get', '+18455550101', '--binding=CALLERS', '--local', `--persist-to=${persist}`],
      {
        encoding: 'utf8',
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
      },
    )
    expect(JSON.parse(read.stdout)).toEqual({ name: 'Ana', tier: 'vip' })
  })

  it('stops on a bad row before writing anything, naming the line and the problem', async () => {
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'phone,name\n8455550199,Dov\n,NoPhone\n8455550102,\n')
    const out = join(dir, 'never.json')
    const result = await runImport('--file', bad, '--to', 'json', '--out', out)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('line 3: no usable phone number')
    expect(result.stderr).toContain('line 4: name: is required (a string)')
    expect(() => readFileSync(out)).toThrow()
  })

  it('refuses an --out file it cannot read whole, and leaves it as it was: saving it would lose rows', async () => {
    const out = join(dir, 'hand-edited.json')
    const text = '[{"phone":"8455550101","name":"Ana"},{"name":"No phone, yet"}]\n'
    writeFileSync(out, text)
    const result = await runImport('--file', CSV, '--to', 'json', '--out', out)
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain(`--out ${out}: ${out}: no usable phone in row 2 (1 left out); fix it, or choose`)
    expect(readFileSync(out, 'utf8')).toBe(text)
  })

  it('shows a progress line for a large file', async () => {
    const big = join(dir, 'big.csv')
    const rows = Array.from({ length: 5000 }, (_, i) => `+1845${String(5_000_000 + i).padStart(7, '0')},Caller ${i}`)
    writeFileSync(big, `phone,name\n${rows.join('\n')}\n`)
    const result = await runImport('--file', big, '--to', 'json', '--out', join(dir, 'big.json'))
    expect(result.status).toBe(0)
    expect(result.stderr).toContain('imported 5000/5000 callers')
  })

  it("checks rows against the app's own caller schema: a non-demo app's rules, not the demo's", async () => {
    const csv = join(dir, 'patients.csv')
    // Valid for the demo's callers (a name), not for the pharmacy's patients (refills is required).
    writeFileSync(csv, 'phone,name,refills:number\n2125559001,Ruth,2\n2125559003,Ada,\n')
    const out = join(dir, 'patients.json')
    const result = await runImport(
      '--config',
      'test/fixtures/pharmacy/voitex-trigger.config.json',
      '--file',
      csv,
      '--to',
      'json',
      '--out',
      out,
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('line 3: refills: is required (a number)')
    expect(() => readFileSync(out)).toThrow()
  })

  it('names what a field allows when a row has another value: the line, the field and the allowed values', async () => {
    const csv = join(dir, 'languages.csv')
    writeFileSync(csv, 'phone,name,language\n2125559001,Ruth,en\n2125559003,Ada,fr\n')
    const result = await runImport(
      '--schema',
      'test/fixtures/language-caller.ts#LanguageCaller',
      '--file',
      csv,
      '--to',
      'json',
      '--out',
      join(dir, 'l.json'),
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('line 3: language: expected "en" or "es"')
  })
})
