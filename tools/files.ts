import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { type IvrMap, parseIvrMap } from '../src/index.ts'

/** Read a JSON or YAML file (YAML is a superset of JSON, so one parser serves both). */
export async function readData(path: string): Promise<unknown> {
  return parse(await readFile(path, 'utf8'))
}

/** Read and validate an IVR map; a bad map throws with every problem listed by branch and field. */
export async function readIvrMap(path: string): Promise<IvrMap> {
  const parsed = parseIvrMap(await readData(path))
  if (!parsed.ok) throw new Error(`${path} is not a valid IVR map:\n  ${parsed.error.join('\n  ')}`)
  return parsed.value
}
