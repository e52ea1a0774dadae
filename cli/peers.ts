import { UsageError } from './files.ts'

/**
 * Packages only some paths need are optional peers: the CLI's tools (tsx, yaml, csv-parse, esbuild, dynalite), a
 * store's client, the emulator's Hono. A project that deploys installs none of them; a path that needs one loads it
 * here, and a missing one is one line naming it and how to install it.
 */

/** Tools for working on a project, not for running it: installed with `--save-dev`. */
const DEV_TOOLS = new Set(['tsx', 'yaml', 'csv-parse', 'esbuild', 'dynalite', 'hono', 'smol-toml'])

/** Node's "Cannot find package 'NAME'" for this package itself, not for one of its own dependencies. */
function isMissing(error: unknown, name: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`'${name}'`)
  )
}

/**
 * `load()` (an `import()` of `name` or of a module that imports it); if `name` is not installed, a UsageError:
 * "`usedBy` needs NAME: npm install [--save-dev] NAME".
 */
export async function loadPeer<T>(name: string, usedBy: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    if (!isMissing(error, name)) throw error
    throw new UsageError(`${usedBy} needs ${name}: npm install ${DEV_TOOLS.has(name) ? '--save-dev ' : ''}${name}`)
  }
}
