import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { demoFlow } from '../demo/flow.ts'
import { lintMap, toMermaid } from '../src/index.ts'
import { readIvrMap } from './files.ts'

// `npm run graph [-- --out call-flow.md]`: the demo hotline and its flow's routes as a Mermaid graph, plus lint.
const { values } = parseArgs({
  options: { map: { type: 'string', default: 'demo/ivr-map.yaml' }, out: { type: 'string' } },
})
const map = await readIvrMap(values.map)
const flows = { default: demoFlow }
const graph = toMermaid(map, flows)
if (values.out) await writeFile(values.out, `\`\`\`mermaid\n${graph}\`\`\`\n`)
else process.stdout.write(graph)
for (const issue of lintMap(map, flows)) console.error(`${issue.severity}: ${issue.message}`)
