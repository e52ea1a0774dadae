import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { demoApp } from '../demo/app.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import {
  appTarget,
  formatTranscript,
  memoryStore,
  runScenario,
  type ScenarioResult,
  ScenarioSchema,
  silentLogger,
  urlTarget,
} from '../src/index.ts'
import { readData, readIvrMap } from './files.ts'

// `npm run scenarios [-- --url http://127.0.0.1:8787] [files…]`: every scenario, a pass/fail line each, a summary.
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    map: { type: 'string', default: 'demo/ivr-map.yaml' },
    dir: { type: 'string', default: 'demo/scenarios' },
  },
})

const map = await readIvrMap(values.map)
const target = values.url
  ? urlTarget(values.url, values.token ? { token: values.token } : {})
  : appTarget(demoApp(() => ({ store: memoryStore(callers), logger: silentLogger })))
const files =
  positionals.length > 0
    ? positionals
    : (await readdir(values.dir))
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => join(values.dir, name))

console.log(`Scenarios against ${target.description} (${files.length} files, map ${values.map})`)
const results: ScenarioResult[] = []
for (const file of files) {
  const parsed = ScenarioSchema.safeParse(await readData(file))
  if (!parsed.success) {
    console.log(
      `✗ ${file}: not a valid scenario: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    )
    results.push({ name: file, passed: false, transcript: [] })
    continue
  }
  const result = await runScenario(parsed.data, { map, target })
  results.push(result)
  console.log(`${result.passed ? '✓' : '✗'} ${result.name} (${file})`)
  if (result.failure) {
    console.log(`    step ${result.failure.step}: ${result.failure.message}`)
    console.log('    transcript up to there:')
    for (const line of formatTranscript(result.transcript)) console.log(`      ${line}`)
  }
}
const passed = results.filter((result) => result.passed).length
console.log(`\n${passed} passed, ${results.length - passed} failed`)
process.exit(passed === results.length ? 0 : 1)
