import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Finished, runToEnd } from './processes.ts'

/** How long a CLI run may take here: starting Node with a TypeScript loader costs seconds on a busy machine. */
export const CLI_TIMEOUT_MS = 120_000

const CLI = resolve('cli/main.ts')
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href

/** The command line of `voitex-trigger <args>` in this repository, for `spawn`. */
export function cliCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, ['--import', TSX, CLI, ...args]]
}

/**
 * Run `voitex-trigger` as this repository's npm scripts do (`node --import tsx cli/main.ts`), from any folder:
 * the loader and the repository's tsconfig (its `paths`) are given absolutely.
 */
export function runCli(
  args: readonly string[],
  options: { readonly cwd?: string; readonly input?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  const [command, argv] = cliCommand(args)
  const env = { ...process.env, TSX_TSCONFIG_PATH: resolve('tsconfig.json'), ...options.env }
  return runToEnd(command, argv, { ...options, env })
}
