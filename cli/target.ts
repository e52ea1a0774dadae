import { silentLogger, type TriggerApp } from '../src/index.ts'
import { appTarget, type SimulatorTarget, urlTarget } from '../src/simulator/index.ts'
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
 * Where simulated calls go: a running endpoint, or the user's app in-process. In-process, services are built from an
 * empty environment, so nothing a flow does reaches a real API; point --url at `voitex-trigger dev` to include them.
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
  return { target: appTarget(app.handler({ store, logger: silentLogger, env: {}, versionHeader: true })), app }
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
