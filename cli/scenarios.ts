import { parseArgs } from 'node:util'
import {
  formatTranscript,
  loadIvrMap,
  loadScenario,
  runScenario,
  type ScenarioResult,
  scenarioFiles,
} from '../testing/index.ts'
import { need, PROJECT_HELP, PROJECT_OPTIONS, resolveProject } from './config.ts'
import { simulatorTarget, TARGET_HELP, TARGET_OPTIONS } from './target.ts'

export const summary = 'run scenario files against your app (or a running endpoint): a line each, a summary'

export const help = `voitex-trigger scenarios: ${summary}.

Usage: voitex-trigger scenarios [FILE|DIR ...]     (default: the project's scenarios)

Exit code 0 when every scenario passes, 1 otherwise. A failure prints the transcript up to the step that diverged.

${TARGET_HELP}

${PROJECT_HELP}`

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...PROJECT_OPTIONS, ...TARGET_OPTIONS },
  })
  const project = await resolveProject(values)
  const map = await loadIvrMap(need(project, 'map', 'scenarios'))
  const files = await scenarioFiles(positionals.length > 0 ? positionals : [need(project, 'scenarios', 'scenarios')])
  const { target } = await simulatorTarget(project, values, 'scenarios', (line) => console.warn(line))

  console.log(`Scenarios against ${target.description} (${files.length} ${files.length === 1 ? 'file' : 'files'})`)
  const results: ScenarioResult[] = []
  for (const file of files) {
    let result: ScenarioResult
    try {
      result = await runScenario(await loadScenario(file), { map, target })
    } catch (error) {
      console.log(`✗ ${error instanceof Error ? error.message : String(error)}`)
      results.push({ name: file, passed: false, transcript: [] })
      continue
    }
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
  return passed === results.length && results.length > 0 ? 0 : 1
}
