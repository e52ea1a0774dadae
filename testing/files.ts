import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml, YAMLError } from 'yaml'
import { checkedData, FILE_LIMITS, readUserText, UsageError } from '../cli/files.ts'
import { type IvrMap, parseIvrMap, type Scenario, ScenarioSchema } from '../src/simulator/index.ts'

/** YAML (or JSON, which YAML reads too) parsed and checked; a syntax error names where and what kind, not the text. */
export function parseYamlText(text: string, path: string): unknown {
  let data: unknown
  try {
    data = parseYaml(text)
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error
    const at = error.linePos?.[0]
    throw new UsageError(
      `${path}: not valid YAML (${at ? `line ${at.line}, column ${at.col}: ` : ''}${error.code.toLowerCase().replaceAll('_', ' ')})`,
    )
  }
  return checkedData(data, path)
}

/**
 * Read a JSON or YAML file (YAML is a superset of JSON, so one parser serves both): a regular file within `maxBytes`,
 * with no key that reaches a prototype. Errors name the file and never quote it.
 */
export async function readData(path: string, maxBytes: number = FILE_LIMITS.map): Promise<unknown> {
  return parseYamlText(await readUserText(path, maxBytes), path)
}

/** A file path or URL, or the text itself: text has a line break or starts like JSON. */
function isText(source: string): boolean {
  return source.includes('\n') || /^\s*[{[]/.test(source)
}

async function readSource(source: string | URL): Promise<{ data: unknown; name: string }> {
  if (source instanceof URL) return { data: await readData(fileURLToPath(source)), name: fileURLToPath(source) }
  if (isText(source)) return { data: parseYamlText(source, 'the IVR map'), name: 'the IVR map' }
  return { data: await readData(source), name: source }
}

/**
 * An IVR map from a YAML or JSON file (a path or file URL) or from its text. A map that is not valid throws, with
 * every problem listed by branch and field.
 */
export async function loadIvrMap(source: string | URL): Promise<IvrMap> {
  const { data, name } = await readSource(source)
  const parsed = parseIvrMap(data)
  if (!parsed.ok) throw new UsageError(`${name} is not a valid IVR map: ${parsed.error.join('; ')}`)
  return parsed.value
}

/** A scenario file, checked; an invalid one throws naming the file and each problem. */
export async function loadScenario(path: string): Promise<Scenario> {
  const parsed = ScenarioSchema.safeParse(await readData(path, FILE_LIMITS.scenario))
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'scenario'}: ${issue.message}`)
  throw new UsageError(`${path} is not a valid scenario: ${problems.join('; ')}`)
}

/** The scenario files (`.yaml`, `.yml`, `.json`) in a folder, sorted, or the given files as they are. */
export async function scenarioFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = []
  for (const path of paths) {
    const stats = await stat(path).catch(() => {
      throw new UsageError(`${path}: no such file or folder`)
    })
    if (!stats.isDirectory()) {
      files.push(path)
      continue
    }
    const names = (await readdir(path)).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()
    files.push(...names.map((name) => join(path, name)))
  }
  return files
}
