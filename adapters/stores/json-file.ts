import { rename, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { FILE_LIMITS, parseJsonText, readUserText } from '../../cli/files.ts'
import { callerEntries } from '../../src/_internal.ts'
import { type CallerStore, memoryStore } from '../../src/index.ts'

/** How `jsonFileStore` treats its file. */
export interface JsonFileStoreOptions {
  /**
   * Start empty when the file does not exist yet (`import --to json` writing a new file). Off by default: a mistyped
   * path would otherwise answer every caller as unknown, with no word of why.
   */
  readonly create?: boolean | undefined
}

/**
 * Caller records in a JSON file (an array of records with a `phone` field, like demo/callers.json), held in memory:
 * the store of a self-hosted Node entry (`npm run serve`). `save()` writes imports back atomically. A file that does
 * not exist (without `create`) gives a store with a `problem`: logged at start, `/health` degraded, every lookup
 * a `store_error` naming the path, while Triggers are still answered. A file that exists but cannot be read as callers
 * is refused.
 */
export async function jsonFileStore(
  path: string,
  options: JsonFileStoreOptions = {},
): Promise<CallerStore & { save(): Promise<void> }> {
  let missing = false
  // A hand-edited or handed-over file: bounded, a regular file, no key that reaches a prototype (cli/files.ts).
  const text = await readUserText(path, FILE_LIMITS.callers).catch((error: Error) => {
    if ((error.cause as { code?: unknown } | undefined)?.code !== 'ENOENT') throw error
    missing = options.create !== true
    return '[]'
  })
  const seed = parseJsonText(text, path)
  const { rejected } = callerEntries(seed)
  if (rejected.length > 0) throw new Error(`${path}: no usable phone in ${rejected.slice(0, 5).join(', ')}`)
  const store = memoryStore(seed)
  const save = async () => {
    const records = [...store.records].map(([phone, record]) => ({ ...(record as object), phone }))
    await writeFile(`${path}.tmp`, `${JSON.stringify(records, null, 2)}\n`)
    await rename(`${path}.tmp`, path)
  }
  if (missing) {
    const problem = `the callers file ${resolve(path)} does not exist`
    return {
      kind: 'json-file',
      problem,
      get: () => Promise.reject(new Error(problem)),
      save,
    }
  }
  return { ...store, kind: 'json-file', save }
}
