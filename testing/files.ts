import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import { expandUnions, issueMessage } from '../src/issues.ts'
import { type IvrMap, parseIvrMap, type Scenario, ScenarioSchema } from '../src/simulator/index.ts'

/** Read a JSON or YAML file (YAML is a superset of JSON, so one parser serves both). */
export async function readData(path: string): Promise<unknown> {
  return parseText(await readFile(path, 'utf8')).data
}

/** Decoded data, and the line each field of it is on, for messages that say where a problem is. */
interface ParsedText {
  readonly data: unknown
  lineOf(path: readonly PropertyKey[]): number | undefined
}

function parseText(text: string): ParsedText {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter })
  if (document.errors.length > 0) throw document.errors[0]
  const lineAt = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined
  return {
    data: document.toJS(),
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
  if (source instanceof URL) {
    const path = fileURLToPath(source)
    return { parsed: parseText(await readFile(path, 'utf8')), name: path }
  }
  if (isText(source)) return { parsed: parseText(source), name: 'the IVR map' }
  return { parsed: parseText(await readFile(source, 'utf8')), name: source }
}

/**
 * An IVR map from a YAML or JSON file (a path or file URL) or from its text. A map that is not valid throws, with
 * every problem listed by branch and field.
 */
export async function loadIvrMap(source: string | URL): Promise<IvrMap> {
  const { parsed, name } = await readSource(source)
  const map = parseIvrMap(parsed.data)
  if (map.ok) return map.value
  const problems = map.problems.map((problem) => located(parsed, problem.path, problem.message, 'map'))
  throw new Error(`${name} is not a valid IVR map:\n  ${problems.join('\n  ')}`)
}

/** A scenario file, checked; an invalid one throws naming the file and each problem. */
export async function loadScenario(path: string): Promise<Scenario> {
  const parsed = parseText(await readFile(path, 'utf8'))
  const scenario = ScenarioSchema.safeParse(parsed.data)
  if (scenario.success) return scenario.data
  const problems = expandUnions(scenario.error.issues, parsed.data).map((issue) =>
    located(parsed, issue.path, issueMessage(issue, parsed.data), 'scenario'),
  )
  throw new Error(`${path} is not a valid scenario:\n  ${problems.join('\n  ')}`)
}

/** The scenario files (`.yaml`, `.yml`, `.json`) in a folder, sorted, or the given files as they are. */
export async function scenarioFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = []
  for (const path of paths) {
    if (!(await stat(path)).isDirectory()) {
      files.push(path)
      continue
    }
    const names = (await readdir(path)).filter((name) => /\.(ya?ml|json)$/.test(name)).sort()
    files.push(...names.map((name) => join(path, name)))
  }
  return files
}
