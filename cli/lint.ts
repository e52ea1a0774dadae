import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import type { Decision } from '../src/index.ts'
import {
  appTarget,
  lintMap,
  loadIvrMap,
  loadScenario,
  runScenario,
  type SimulatorTarget,
  scenarioFiles,
} from '../testing/index.ts'
import { embeddedStore } from './callers.ts'
import { loadApp, loadSchema, need, PROJECT_HELP, PROJECT_OPTIONS, resolveProject, UsageError } from './config.ts'
import { checkDeploySettings } from './deploy-settings.ts'
import { printable } from './printable.ts'
import { inProcessHandler } from './target.ts'

export const summary = 'check your IVR map against your flows (and the answers your scenarios produce)'

export const help = `voitex-trigger lint: ${summary}.

Reports goto/input targets that are not on the portal, Triggers without a flow or a No Route Found target, and
branches nothing can reach. With scenarios, every answer they produce is checked too. The settings your app
declares (createTriggerApp({ settings })) must be passed by wrangler.toml and serverless.yml, where the project has
them: a missing one is an error naming the line to add, and a value written there that the app would refuse (a
URL that is not one, an unknown TIME_ZONE) is an error naming the setting.
Exit code 1 when there is an error (warnings alone give 0).

Usage: voitex-trigger lint

${PROJECT_HELP}`

/** A target that keeps every decision it is answered with. */
function recording(target: SimulatorTarget, answers: Decision[]): SimulatorTarget {
  return {
    description: target.description,
    async post(trigger, body) {
      const answer = await target.post(trigger, body)
      if (answer.status === 200) answers.push(JSON.parse(answer.text) as Decision)
      return answer
    },
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: PROJECT_OPTIONS })
  const project = await resolveProject(values)
  const map = await loadIvrMap(need(project, 'map', 'lint'))
  const app = await loadApp(need(project, 'app', 'lint'))
  const answers: Decision[] = []
  // Run whatever else is found: a refused in-process run is one finding, not the end of the lint.
  const refused: { severity: 'error'; message: string }[] = []
  if (project.scenarios) {
    const { store } = await embeddedStore(project.callers, await loadSchema(project, app))
    const handler = await inProcessHandler(app, project, { store }).catch((error: unknown) => {
      if (!(error instanceof UsageError)) throw error
      refused.push({ severity: 'error', message: `scenarios not checked: ${error.message}` })
      return undefined
    })
    if (handler) {
      const target = recording(appTarget(handler), answers)
      for (const file of await scenarioFiles([project.scenarios]))
        await runScenario(await loadScenario(file), { map, target })
    }
  }
  // The same finding from several answers is said once.
  const issues = [
    ...refused,
    ...lintMap(map, app.flows, answers),
    ...(await checkDeploySettings(
      project.configFile ? dirname(project.configFile) : process.cwd(),
      app.settingNames,
      (settings) => app.checkSettings(settings),
    )),
  ].filter((issue, index, all) => all.findIndex((other) => other.message === issue.message) === index)
  for (const issue of issues) console.log(`${issue.severity}: ${printable(issue.message)}`)
  const errors = issues.filter((issue) => issue.severity === 'error').length
  const warnings = issues.filter((issue) => issue.severity === 'warning').length
  console.log(
    `${errors} error(s), ${warnings} warning(s)${answers.length ? `, ${answers.length} answers checked` : ''}`,
  )
  return errors > 0 ? 1 : 0
}
