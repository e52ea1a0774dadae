import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Node } from 'yaml'
import { checkedData, FILE_LIMITS, readUserText, UsageError } from '../cli/files.ts'
import { loadPeer } from '../cli/peers.ts'
import { expandUnions, issueMessage } from '../src/issues.ts'
import { type IvrMap, parseIvrMap, type Scenario, ScenarioSchema } from '../src/simulator/index.ts'

/**
 * Read a JSON or YAML file (YAML is a superset of JSON, so one parser serves both): a regular file within `maxBytes`,
 * with no key that reaches a prototype. Errors name the file and never quote it.
 */
export async function readData(path: string, maxBytes: number = FILE_LIMITS.map): Promise<unknown> {
  return (await parseText(await readUserText(path, maxBytes), path)).data
}

/** YAML (or JSON, which YAML reads too) parsed and checked; a syntax error names where and what kind, not the text. */
export async function parseYamlText(text: string, path: string): Promise<unknown> {
  return (await parseText(text, path)).data
}

/** Decoded data, and the line each field of it is on, for messages that say where a problem is. */
interface ParsedText {
  readonly data: unknown
  lineOf(path: readonly PropertyKey[]): number | undefined
}

/** YAML (or JSON) parsed and checked; a syntax error names where and what kind, never the text. */
async function parseText(text: string, name: string): Promise<ParsedText> {
  // yaml is an optional peer: only reading these files needs it (the package's deploy paths never do).
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = await loadPeer(
    'yaml',
    `reading ${name}`,
    () => import('yaml'),
  )
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter })
  const [error] = document.errors
  if (error) {
    const at = error.linePos?.[0]
    throw new UsageError(
      `${name}: not valid YAML (${at ? `line ${at.line}, column ${at.col}: ` : ''}${error.code.toLowerCase().replaceAll('_', ' ')})`,
    )
  }
  const lineAt = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined
  return {
    data: checkedData(document.toJS(), name),
    // The line of the deepest part of the path that exists: a missing field is reported where its object starts.
    lineOf(path) {
      let node: unknown = document.contents
      let line = lineAt(document.contents)
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(key))
          if (!pair) break
          line = lineAt(pair.key as Node) ?? line
          node = pair.value
        } else if (isSeq(node)) {
          const item = node.items[Number(key)] as Node | undefined
          if (!item) break
          line = lineAt(item) ?? line
          node = item
        } else break
      }
      return line
    },
  }
}

/** `line N: field: problem`, the form every file a command reads reports its problems in. */
function located(parsed: ParsedText, path: readonly PropertyKey[], message: string, root: string): string {
  const line = parsed.lineOf(path)
  return `${line === undefined ? '' : `line ${line}: `}${path.map(String).join('.') || root}: ${message}`
}

/** A file path or URL, or the text itself: text has a line break or starts like JSON. */
function isText(source: string): boolean {
  return source.includes('\n') || /^\s*[{[]/.test(source)
}

async function readSource(source: string | URL): Promise<{ parsed: ParsedText; name: string }> {
  const path = source instanceof URL ? fileURLToPath(source) : source
  if (typeof source === 'string' && isText(source))
    return { parsed: await parseText(source, 'the IVR map'), name: 'the IVR map' }
  return { parsed: await parseText(await readUserText(path, FILE_LIMITS.map), path), name: path }
}

/**
 * The IVR map from a YAML or JSON file (a path or file URL), or from its text; an invalid one throws naming the file and
 * every problem listed by branch and field.
 */
export async function loadIvrMap(source: string | URL): Promise<IvrMap> {
  const { parsed, name } = await readSource(source)
  const map = parseIvrMap(parsed.data)
  if (map.ok) return map.value
  const problems = map.problems.map((problem) => located(parsed, problem.path, problem.message, 'map'))
  throw new UsageError(`${name} is not a valid IVR map:\n  ${problems.join('\n  ')}`)
}

/** A scenario file, checked; an invalid one throws naming the file and each problem. */
export async function loadScenario(path: string): Promise<Scenario> {
  const parsed = await parseText(await readUserText(path, FILE_LIMITS.scenario), path)
  const scenario = ScenarioSchema.safeParse(parsed.data)
  if (scenario.success) return scenario.data
  const problems = expandUnions(scenario.error.issues, parsed.data).map((issue) =>
    located(parsed, issue.path, issueMessage(issue, parsed.data), 'scenario'),
  )
  throw new UsageError(`${path} is not a valid scenario:\n  ${problems.join('\n  ')}`)
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
