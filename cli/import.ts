import { spawnSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { jsonFileStore } from '../adapters/stores/json-file.ts'
import type { CallerStore } from '../src/index.ts'
import { type CallerRow, describeBadRows, readCallers } from './callers.ts'
import {
  envSetting,
  loadApp,
  loadSchema,
  ownEnv,
  PROJECT_HELP,
  PROJECT_OPTIONS,
  resolveProject,
  UsageError,
} from './config.ts'
import { loadPeer } from './peers.ts'
import { notInstalled } from './platform-dev.ts'

export const summary = 'load callers from a JSON or CSV file into a caller store, checked against your schema'

export const help = `voitex-trigger import: ${summary}.

Usage: voitex-trigger import --file FILE --to json|kv-local|dynamodb|redis [options]

  voitex-trigger import --file callers.csv --to json      --out callers.json
  voitex-trigger import --file callers.csv --to kv-local  [--binding CALLERS] [--persist-to DIR]  (wrangler dev's KV)
  voitex-trigger import --file callers.csv --to dynamodb  --table NAME [--endpoint URL] [--region R]
  voitex-trigger import --file callers.csv --to redis     [--redis-url redis://...]  (default $REDIS_URL)

CSV: a header row; "order.id" columns nest; a ":number" or ":boolean" suffix types a column.
Every row is checked against the caller schema (--schema, else your app's flows' caller schema) first; a bad row
(no usable phone, a phone seen before, a record the schema refuses) stops the import before anything is written,
naming its line (exit code 1). --unchecked imports without a schema. A file that cannot be read as a whole (not
UTF-8, not CSV or JSON, a column path through __proto__, constructor or prototype) is refused (exit code 2).

${PROJECT_HELP}`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...PROJECT_OPTIONS,
      file: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      binding: { type: 'string', default: 'CALLERS' },
      'persist-to': { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'redis-url': { type: 'string' },
      unchecked: { type: 'boolean', default: false },
    },
  })
  const file = values.file ?? missing('--file callers.csv (or .json)')
  const to = values.to ?? missing('--to json|kv-local|dynamodb|redis')
  const project = await resolveProject(values)
  // Unchecked, the app is not loaded (nor tsx, which loads it).
  const app = !values.unchecked && project.app && !project.schema ? await loadApp(project.app) : undefined
  const schema = values.unchecked ? undefined : await loadSchema(project, app)
  if (!schema && !values.unchecked)
    throw new UsageError(
      'import checks rows against your caller schema: pass --schema src/flow.ts#Caller or --app, or --unchecked',
    )

  const rows = await readCallers(file, schema)
  const bad = describeBadRows(file, rows)
  if (bad.length > 0) {
    const count = rows.filter((row) => 'error' in row).length
    console.error(`import: ${count} bad row(s) in ${file}, nothing imported\n  ${bad.join('\n  ')}`)
    return 1
  }
  const good = rows as Extract<CallerRow, { key: string }>[]

  let lastProgress = 0
  /**
   * On a terminal, one line rewritten in place at most every 250 ms: large files show progress without flooding it.
   * Elsewhere (a log, a pipe), only the last line.
   */
  const progress = (done: number, last = false) => {
    const now = Date.now()
    if (!last && (!process.stderr.isTTY || now - lastProgress < 250)) return
    lastProgress = now
    process.stderr.write(
      `${process.stderr.isTTY ? '\r' : ''}imported ${done}/${good.length} callers${last ? '\n' : ''}`,
    )
  }
  const putAll = async (store: CallerStore) => {
    if (!store.put) throw new UsageError(`the ${store.kind} store cannot be written`)
    let done = 0
    for (const { key, record } of good) {
      await store.put(key, record)
      progress(++done)
    }
    progress(done, true)
  }

  switch (to) {
    case 'json': {
      const out = values.out ?? missing('--out callers.json')
      const store = await jsonFileStore(out, { create: true })
      // Saving a store that left rows out, or could not read its file, would lose them: refuse instead.
      if (store.problem) throw new UsageError(`--out ${out}: ${store.problem}; fix it, or choose a new file`)
      await putAll(store)
      await store.save()
      break
    }
    case 'kv-local': {
      const bulk = good.map(({ key, record }) => ({ key, value: JSON.stringify(record) }))
      const bulkFile = join(await mkdtemp(join(tmpdir(), 'callers-')), 'bulk.json')
      await writeFile(bulkFile, JSON.stringify(bulk))
      const args = ['kv', 'bulk', 'put', bulkFile, '--local', `--binding=${values.binding}`]
      if (values['persist-to']) args.push(`--persist-to=${values['persist-to']}`)
      const result = spawnSync('wrangler', args, {
        stdio: 'inherit',
        env: ownEnv({ CLOUDFLARE_CF_FETCH_ENABLED: 'false' }, process.env),
      })
      if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw notInstalled('wrangler')
      if (result.status !== 0) {
        console.error(`import: wrangler ${args.join(' ')} failed${result.error ? `: ${result.error.message}` : ''}`)
        return 1
      }
      progress(good.length, true)
      break
    }
    case 'dynamodb': {
      const table = values.table ?? missing('--table NAME for dynamodb')
      await loadPeer('@aws-sdk/client-dynamodb', `--to ${to}`, () => import('@aws-sdk/client-dynamodb'))
      const { dynamoStore } = await import('../adapters/stores/dynamodb.ts')
      await putAll(dynamoStore({ table, endpoint: values.endpoint, region: values.region }))
      break
    }
    case 'redis': {
      // REDIS_URL, as the Node entry reads it: a URL with a password stays out of the command line.
      const url =
        values['redis-url'] ?? envSetting('REDIS_URL') ?? missing('--redis-url redis://… (or REDIS_URL) for redis')
      const { redisStore } = await loadPeer('redis', `--to ${to}`, () => import('../adapters/stores/redis.ts'))
      const store = redisStore(url)
      await putAll(store)
      await store.close()
      break
    }
    default:
      throw new UsageError(`unknown store "${to}": json, kv-local, dynamodb or redis`)
  }
  console.log(`import: ${good.length} callers into ${to}`)
  // Store clients keep sockets alive; the import is done.
  process.exit(0)
}

function missing(what: string): never {
  throw new UsageError(`import needs ${what}`)
}
