import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { lintMap, loadIvrMap, toMermaid } from '../testing/index.ts'
import { loadApp, need, PROJECT_HELP, PROJECT_OPTIONS, resolveProject } from './config.ts'
import { printable } from './printable.ts'

export const summary = "draw your IVR map and your flows' routes as a Mermaid graph"

export const help = `voitex-trigger graph: ${summary}. Lint findings go to stderr.

Usage: voitex-trigger graph [--out call-flow.md]

${PROJECT_HELP}`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...PROJECT_OPTIONS, out: { type: 'string' } } })
  const project = await resolveProject(values)
  const map = await loadIvrMap(need(project, 'map', 'graph'))
  const { flows } = await loadApp(need(project, 'app', 'graph'))
  const graph = toMermaid(map, flows)
  if (values.out) await writeFile(values.out, `\`\`\`mermaid\n${graph}\`\`\`\n`)
  else process.stdout.write(graph)
  for (const issue of lintMap(map, flows)) console.error(`${issue.severity}: ${printable(issue.message)}`)
  return 0
}
