import { type ChildProcess, spawn } from 'node:child_process'
import { whenParentGone } from '../adapters/node/_internal.ts'
import type { EngineSettings } from '../src/index.ts'
import { envSetting, loadApp, type Project, UsageError } from './config.ts'
import { portNumber } from './port.ts'

/**
 * What `dev:worker`, `dev:lambda` and `dev:vercel` share: the settings they pass from the environment, the port, and
 * running the platform's own tool as a child that stops with them.
 */

/** The engine's settings, read on every platform: a record, so a new engine setting cannot be left out here. */
const ENGINE_SETTINGS: Record<keyof EngineSettings, true> = {
  TRIGGER_TOKEN: true,
  TIME_ZONE: true,
  TRIGGER_CAPTURE: true,
  TRIGGER_ONCE_WHEN_DOWN: true,
  TRIGGER_SECRET_NAMES: true,
  TRIGGER_VERSIONS: true,
}

/** What an app that declares no settings reads for its Voitex client, as generated apps once did. */
const UNDECLARED_APP_SETTINGS = ['VOITEX_AUTH_KEY', 'VOITEX_API_URL'] as const

/** The settings a local run passes from the environment to the platform: the engine's, then the app's. */
export function settingNames(declared: readonly string[] = []): string[] {
  const app = declared.length > 0 ? declared : UNDECLARED_APP_SETTINGS
  return [...new Set([...Object.keys(ENGINE_SETTINGS), ...app])]
}

/** The settings a local run of the project passes: those its app declares (`settings: z.object(…)`). */
export async function projectSettingNames(project: Project): Promise<string[]> {
  return settingNames(project.app ? (await loadApp(project.app)).settingNames : [])
}

/** Those of `names` the environment sets, with their values. */
export function settingsFromEnvironment(
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): [string, string][] {
  return names.flatMap((name) => {
    const value = env[name]
    return value === undefined ? [] : [[name, value] as [string, string]]
  })
}

/** `--port`, else `PORT`, else 8787. */
export function chosenPort(flag: string | undefined): number {
  return portNumber(flag ?? envSetting('PORT') ?? '8787')
}

/** Quiet, offline defaults for the vendors' tools; the environment wins. */
export const OFFLINE_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
} as const

/** A project tool (wrangler, serverless) that cannot be started: what to do about it. */
export function notInstalled(command: string): UsageError {
  return new UsageError(`${command} is not installed in this project: npm install (see package.json)`)
}

/**
 * Run a tool from the project's node_modules/.bin (npm scripts and npx put it on PATH) until it exits or this process
 * is told to stop; then `cleanup`. Resolves to the tool's exit code.
 */
export function runTool(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cleanup: () => Promise<void> | void = () => {},
): Promise<number> {
  let child: ChildProcess
  try {
    child = spawn(command, args, { stdio: 'inherit', env })
  } catch (error) {
    return Promise.reject(error)
  }
  const stop = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal)
  }
  const onInt = stop('SIGINT')
  const onTerm = stop('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  // Under an npm script a shell sits between npm and this process, and dies on npm's signal without passing it on.
  const unwatch = whenParentGone(onTerm)
  return new Promise((resolve, reject) => {
    child.once('error', async (error: NodeJS.ErrnoException) => {
      unwatch()
      await cleanup()
      reject(error.code === 'ENOENT' ? notInstalled(command) : error)
    })
    child.once('exit', async (code, signal) => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      unwatch()
      await cleanup()
      resolve(code ?? (signal ? 0 : 1))
    })
  })
}

/**
 * Run another voitex-trigger command (`import`) as its own process, as the user would: it exits when done, whatever
 * sockets its store's client keeps open.
 */
export function runOwnCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const main = process.argv[1]
  if (!main) return Promise.reject(new Error('voitex-trigger: cannot find its own command'))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, main, ...args], { stdio: 'inherit', env })
    child.once('error', reject)
    child.once('exit', (code) => resolve(code ?? 1))
  })
}
