import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { freePort } from '../adapters/node/_internal.ts'
import { envSetting, PROJECT_HELP, PROJECT_OPTIONS, resolveProject, UsageError } from './config.ts'
import {
  chosenPort,
  OFFLINE_ENV,
  projectSettingNames,
  runOwnCommand,
  runTool,
  settingNames,
  settingsFromEnvironment,
} from './platform-dev.ts'

export const summary =
  'run your Worker locally in wrangler dev: KV seeded from your callers, claims in a local Durable Object'

export const help = `voitex-trigger dev:worker: ${summary}.

Usage: voitex-trigger dev:worker [--port 8787] [--host 127.0.0.1] [--persist-to DIR]

  --port N          default $PORT, else 8787
  --host HOST       default $HOST, else 127.0.0.1
  --persist-to DIR  where wrangler keeps local KV and Durable Object data (default .wrangler/state)

Loads your callers into the local KV namespace CALLERS (checked against your caller schema), then runs
\`wrangler dev --local\` with wrangler.toml. No Cloudflare account is needed, nothing leaves this machine.
The engine's settings (${settingNames([]).slice(0, 6).join(', ')}) and those your app declares are passed from
the environment to the Worker (as local secrets, never printed), over what .dev.vars (else .env) holds.

${PROJECT_HELP}`

/** The files wrangler reads its configuration from, in a project's folder. */
const WRANGLER_CONFIGS = ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc']

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...PROJECT_OPTIONS,
      port: { type: 'string' },
      host: { type: 'string' },
      'persist-to': { type: 'string' },
    },
  })
  const port = chosenPort(values.port)
  const host = values.host ?? envSetting('HOST') ?? '127.0.0.1'
  const persist = values['persist-to'] ? [`--persist-to=${values['persist-to']}`] : []
  // Asked before the callers are imported into a KV that wrangler.toml would name.
  if (!WRANGLER_CONFIGS.some((file) => existsSync(file)))
    throw new UsageError(
      'wrangler.toml: no such file here (dev:worker runs the Worker wrangler.toml declares: run it in your ' +
        "project's folder, or make a Workers project with `voitex-trigger init --platform workers`)",
    )
  const project = await resolveProject(values)
  if (project.callers) {
    const flags = values.config ? ['--config', values.config] : []
    const code = await runOwnCommand(['import', '--file', project.callers, '--to', 'kv-local', ...persist, ...flags])
    if (code !== 0) return code
  }

  // Settings reach the Worker as an env file wrangler reads as secrets: `--var` would print their values.
  const folder = await mkdtemp(join(tmpdir(), 'voitex-dev-worker-'))
  const envFile = join(folder, '.env')
  const lines = settingsFromEnvironment(await projectSettingNames(project)).map(
    ([name, value]) => `${name}=${JSON.stringify(value)}`,
  )
  await writeFile(envFile, `${lines.join('\n')}\n`, { mode: 0o600 })
  await chmod(envFile, 0o600)
  const args = ['dev', '--local', '--port', String(port), '--ip', host, ...envFileArgs(process.cwd(), envFile)]
  args.push('--inspector-port', String(await freePort([port])), ...persist)
  return runTool('wrangler', args, { ...OFFLINE_ENV, ...process.env }, () =>
    rm(folder, { recursive: true, force: true }),
  )
}

/**
 * wrangler's `--env-file` arguments: the files it would read on its own (`.dev.vars`, else `.env` and `.env.local`),
 * since given any `--env-file` it reads none of them, then `ours` last, so a setting from the environment wins.
 */
export function envFileArgs(dir: string, ours: string): string[] {
  const devVars = join(dir, '.dev.vars')
  const own = existsSync(devVars) ? [devVars] : ['.env', '.env.local'].map((name) => join(dir, name)).filter(existsSync)
  return [...own, ours].flatMap((file) => ['--env-file', file])
}
