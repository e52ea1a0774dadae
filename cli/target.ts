import { type RuntimeConfig, silentLogger, type TriggerApp, type TriggerHandler } from '../src/index.ts'
import { appTarget, type SimulatorTarget, urlTarget } from '../testing/index.ts'
import { embeddedStore } from './callers.ts'
import { loadApp, loadSchema, need, type Project, UsageError } from './config.ts'

export const TARGET_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const

export const TARGET_HELP = `Target (default: your app in-process, on the embedded store of --callers):
  --url URL               a running endpoint instead (voitex-trigger dev, wrangler dev, serverless offline, a deploy)
  --token TOKEN           the Trigger token to send to --url`

/**
 * The user's app bound for an in-process run (`call`, `scenarios`, `lint`, `replay`): its settings are the project's
 * `settings` (voitex-trigger.config.json), never the environment's, so nothing a flow does reaches a real API. An app
 * that refuses them (a required setting missing) is refused here, in one line that says where to give it.
 */
export async function inProcessHandler(
  app: TriggerApp,
  project: Project,
  config: Omit<RuntimeConfig, 'env'>,
): Promise<TriggerHandler> {
  const handler = app.handler({ logger: silentLogger, ...config, settings: project.settings })
  const health = await handler.fetch(new Request('http://local/health'))
  if (health.status === 503) {
    const { message } = (await health.json()) as { message?: unknown }
    const why = typeof message === 'string' ? message : 'its settings are not valid'
    throw new UsageError(
      `your app refuses to run in-process: ${why}. In-process runs get only the "settings" of voitex-trigger.config.json (never your environment's): give it a value there`,
    )
  }
  return handler
}

/**
 * Where simulated calls go: a running endpoint, or the user's app in-process (`inProcessHandler`); point --url at
 * `voitex-trigger dev` to run the flow with your environment's settings and real services.
 */
export async function simulatorTarget(
  project: Project,
  flags: { readonly url?: string | undefined; readonly token?: string | undefined },
  forWhat: string,
  warn: (line: string) => void,
): Promise<{ target: SimulatorTarget; app: TriggerApp | undefined }> {
  if (flags.url) return { target: urlTarget(flags.url, flags.token ? { token: flags.token } : {}), app: undefined }
  const app = await loadApp(need(project, 'app', forWhat))
  const { store, problems } = await embeddedStore(project.callers, await loadSchema(project, app))
  for (const line of problems) warn(line)
  // A scenario's or a call's version is asked for in a header, which only local tools honour.
  return { target: appTarget(await inProcessHandler(app, project, { store, versionHeader: true })), app }
}

/**
 * `--version NAME` checked against the versions of the app run in-process (a typo is refused, not run as stable);
 * sent as asked to a --url target, which says which version answered.
 */
export function checkedVersion(app: TriggerApp | undefined, version: string | undefined): string | undefined {
  if (version === undefined || !app) return version
  const known = [...new Set(Object.values(app.versions).flatMap((byVersion) => Object.keys(byVersion)))]
  if (!known.includes(version))
    throw new UsageError(`--version ${version}: your app has no such version (its versions: ${known.join(', ')})`)
  return version
}
