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

/** At most this many rows left out are named in the store's problem. */
const MOST_NAMED_ROWS = 5

/**
 * Caller records in a JSON file (an array of records with a `phone` field, like demo/callers.json), held in memory:
 * the store of a self-hosted Node entry (`npm run serve`) or a Vercel Function. A file that is wrong never stops the
 * entry from loading (on Vercel that would fail every call): the store says what is wrong as its `problem` (logged at
 * start, `/health` degraded). A file that does not exist (without `create`) or cannot be read as callers gives a store
 * whose every lookup is a `store_error` naming it; rows without a usable phone are left out, and the others are
 * served. `save()` writes imports back atomically, and refuses while the store has a problem: it would lose what it
 * could not read.
 */
export async function jsonFileStore(
  path: string,
  options: JsonFileStoreOptions = {},
): Promise<CallerStore & { save(): Promise<void> }> {
  let seed: unknown
  try {
    // A hand-edited or handed-over file: bounded, a regular file, no key that reaches a prototype (cli/files.ts).
    seed = parseJsonText(await readUserText(path, FILE_LIMITS.callers), path)
  } catch (error) {
    const missing = ((error as Error).cause as { code?: unknown } | undefined)?.code === 'ENOENT'
    if (missing && options.create === true) seed = []
    else return unusable(path, missing ? `the callers file ${resolve(path)} does not exist` : (error as Error).message)
  }
  if (seed === null || typeof seed !== 'object') return unusable(path, `${path}: not a list of callers`)
  const { rejected } = callerEntries(seed)
  const store = memoryStore(seed)
  const named = rejected.slice(0, MOST_NAMED_ROWS).join(', ') + (rejected.length > MOST_NAMED_ROWS ? ', …' : '')
  const problem =
    rejected.length === 0 ? undefined : `${path}: no usable phone in ${named} (${rejected.length} left out)`
  return { ...store, kind: 'json-file', problem, save: saver(path, store.records, problem) }
}

/** A store that can answer no lookup: each one fails with `problem`. */
function unusable(path: string, problem: string): CallerStore & { save(): Promise<void> } {
  return {
    kind: 'json-file',
    problem,
    get: () => Promise.reject(new Error(problem)),
    save: saver(path, new Map(), problem),
  }
}

/** Writes `records` back over `path`; refused while the store has a problem: what it could not read would be lost. */
function saver(path: string, records: ReadonlyMap<string, unknown>, problem: string | undefined): () => Promise<void> {
  return async () => {
    if (problem !== undefined) throw new Error(`${problem}: not saved over, which would lose what could not be read`)
    const rows = [...records].map(([phone, record]) => ({ ...(record as object), phone }))
    await writeFile(`${path}.tmp`, `${JSON.stringify(rows, null, 2)}\n`)
    await rename(`${path}.tmp`, path)
  }
}
