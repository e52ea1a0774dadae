import { rename, writeFile } from 'node:fs/promises'
import { FILE_LIMITS, parseJsonText, readUserText } from '../../cli/files.ts'
import { callerEntries } from '../../src/_internal.ts'
import { type CallerStore, memoryStore } from '../../src/index.ts'

/**
 * Caller records in a JSON file (an array of records with a `phone` field, like demo/callers.json), held in memory:
 * the embedded default store of `npm start`. `save()` writes imports back atomically.
 */
export async function jsonFileStore(path: string): Promise<CallerStore & { save(): Promise<void> }> {
  // A hand-edited or handed-over file: bounded, a regular file, no key that reaches a prototype (cli/files.ts).
  const text = await readUserText(path, FILE_LIMITS.callers).catch((error: Error) => {
    if ((error.cause as { code?: unknown } | undefined)?.code === 'ENOENT') return '[]'
    throw error
  })
  const seed = parseJsonText(text, path)
  const { rejected } = callerEntries(seed)
  if (rejected.length > 0) throw new Error(`${path}: no usable phone in ${rejected.slice(0, 5).join(', ')}`)
  const store = memoryStore(seed)
  return {
    ...store,
    kind: 'json-file',
    async save() {
      const records = [...store.records].map(([phone, record]) => ({ ...(record as object), phone }))
      await writeFile(`${path}.tmp`, `${JSON.stringify(records, null, 2)}\n`)
      await rename(`${path}.tmp`, path)
    },
  }
}
