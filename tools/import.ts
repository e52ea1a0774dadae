import { spawnSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type * as z from 'zod/mini'
import { dynamoStore } from '../adapters/stores/dynamodb.ts'
import { jsonFileStore } from '../adapters/stores/json-file.ts'
import { redisStore } from '../adapters/stores/redis.ts'
import type { CallerStore } from '../src/index.ts'
import { type CallerRow, readCallers } from './callers-file.ts'

const USAGE = `Load callers from a JSON or CSV file into a caller store.

  npm run import -- --file callers.csv --to json      [--out demo/callers.json]
  npm run import -- --file callers.csv --to kv-local  [--binding CALLERS] [--persist-to DIR]  (wrangler dev's KV)
  npm run import -- --file callers.csv --to dynamodb  --table NAME [--endpoint URL] [--region R]
  npm run import -- --file callers.csv --to redis     --redis-url redis://...

Rows are checked against the flow's caller schema (--schema file.ts#Export, default demo/flow.ts#DemoCaller);
a bad row stops the import before anything is written, naming the row.`

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string', default: 'demo/callers.json' },
    binding: { type: 'string', default: 'CALLERS' },
    'persist-to': { type: 'string' },
    table: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    'redis-url': { type: 'string' },
    schema: { type: 'string', default: 'demo/flow.ts#DemoCaller' },
    help: { type: 'boolean' },
  },
})

function fail(message: string): never {
  console.error(`import: ${message}`)
  process.exit(1)
}

if (values.help || !values.file || !values.to) {
  console.log(USAGE)
  process.exit(values.help ? 0 : 1)
}

const [schemaFile = '', schemaExport = 'default'] = values.schema.split('#')
const schemaModule = (await import(join(process.cwd(), schemaFile))) as Record<string, z.core.$ZodType | undefined>
const schema = schemaModule[schemaExport] ?? fail(`${values.schema}: no such export`)

const rows = await readCallers(values.file, schema).catch((error: Error) => fail(`${values.file}: ${error.message}`))
const bad = rows.filter((row): row is Extract<CallerRow, { error: string }> => 'error' in row)
if (bad.length > 0) {
  const listed = bad
    .slice(0, 5)
    .map((row) => `${values.file?.endsWith('.csv') ? 'line' : 'record'} ${row.row}: ${row.error}`)
  fail(`${bad.length} bad row(s) in ${values.file}, nothing imported\n  ${listed.join('\n  ')}`)
}
const good = rows as Extract<CallerRow, { key: string }>[]

/** One line, rewritten in place, at most every 250 ms: large files show progress without flooding the terminal. */
function progress(done: number, total: number, last = false): void {
  const now = Date.now()
  if (!last && now - lastProgress < 250) return
  lastProgress = now
  process.stderr.write(`\rimported ${done}/${total} callers${last ? '\n' : ''}`)
}
let lastProgress = 0

async function putAll(store: CallerStore): Promise<void> {
  if (!store.put) fail(`the ${store.kind} store cannot be written`)
  let done = 0
  for (const { key, record } of good) {
    await store.put(key, record)
    progress(++done, good.length)
  }
  progress(done, good.length, true)
}

switch (values.to) {
  case 'json': {
    const store = await jsonFileStore(values.out)
    await putAll(store)
    await store.save()
    break
  }
  case 'kv-local': {
    const bulk = good.map(({ key, record }) => ({ key, value: JSON.stringify(record) }))
    const file = join(await mkdtemp(join(tmpdir(), 'callers-')), 'bulk.json')
    await writeFile(file, JSON.stringify(bulk))
    const args = ['kv', 'bulk', 'put', file, '--local', `--binding=${values.binding}`]
    if (values['persist-to']) args.push(`--persist-to=${values['persist-to']}`)
    const result = spawnSync('wrangler', args, {
      stdio: 'inherit',
      env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', ...process.env },
    })
    if (result.status !== 0) fail(`wrangler ${args.join(' ')} failed`)
    progress(good.length, good.length, true)
    break
  }
  case 'dynamodb': {
    if (!values.table) fail('--table is required for dynamodb')
    await putAll(dynamoStore({ table: values.table, endpoint: values.endpoint, region: values.region }))
    break
  }
  case 'redis': {
    const store = redisStore(values['redis-url'] ?? fail('--redis-url is required for redis'))
    await putAll(store)
    await store.close()
    break
  }
  default:
    fail(`unknown store "${values.to}": json, kv-local, dynamodb or redis`)
}
console.log(`import: ${good.length} callers into ${values.to}`)
// Store clients keep sockets alive; the import is done.
process.exit(0)
