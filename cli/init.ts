import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { UsageError } from './config.ts'
import {
  type OwnPackage,
  PLATFORMS,
  parsePlatforms,
  projectPackage,
  projectScripts,
  readTemplates,
  renderProject,
} from './project-template.ts'

export { COMPATIBILITY_DATE } from './project-template.ts'

export const summary = 'start a new project: a sample flow, its tests, scenarios and entries for your platforms'

export const help = `voitex-trigger init: ${summary}.

Usage: voitex-trigger init my-line [--platform ${PLATFORMS.join(',')}] [--package SPEC]

Writes my-line/ with a sample flow (src/flow.ts) and its caller schema, the app, an IVR map, two scenarios, a unit
test and a README, and for each platform its entry, config, local run script and packages:
  workers  src/worker.ts, wrangler.toml   npm run dev:worker  (wrangler dev, local KV and Durable Object)
  lambda   src/lambda.ts, serverless.yml  npm run dev:lambda  (serverless offline, local DynamoDB)
  vercel   api/index.ts, vercel.json      npm run dev:vercel  (a Node server around the Vercel Function)
  node     src/node.ts                    npm run serve       (self-hosted; npm start is the dev server for all)
Then: cd my-line && npm install && npm test && npm start

  --platform LIST  the platforms you deploy to, comma-separated (default: all four)
  --package SPEC   what the project depends on for voitex-trigger, e.g. a tarball path (a relative path is taken
                   from where you run init, and written as an absolute file: spec). Default: the tarball or folder
                   npx --package ran this command from, else ^<this version>`

/** Templates sit beside this module: in cli/ in the repository, in dist/ (copied by the build) in the package. */
const TEMPLATES = new URL('./templates/', import.meta.url)
const OWN_PACKAGE = new URL('../package.json', import.meta.url)

/**
 * The dependency spec for voitex-trigger. A local path (a tarball or a folder) is made absolute: the project's
 * package.json sits one folder down from where init runs, so a relative path would point elsewhere.
 */
export function dependencySpec(spec: string, cwd: string): string {
  if (!isLocalSpec(spec)) return spec
  return `file:${resolve(cwd, spec.startsWith('file:') ? spec.slice('file:'.length) : spec)}`
}

/** A tarball or a folder on this machine, not a registry range or a URL. */
function isLocalSpec(spec: string): boolean {
  if (spec.includes('://')) return false
  return spec.startsWith('file:') || /^\.{1,2}(\/|$)|^\//.test(spec) || /\.(tgz|tar\.gz)$/.test(spec)
}

/**
 * The local tarball or folder `npx --package <spec> voitex-trigger init` installed this command from: npm hands the
 * command its specs as `npm_config_package`, one per line. The default for `--package`, so a project made from a
 * tarball depends on that tarball, not on a registry version that may not exist. Only one local spec counts: with
 * two, which one is voitex-trigger cannot be told.
 */
export function npxLocalSpec(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.npm_command !== 'exec') return undefined
  const local = (env.npm_config_package ?? '')
    .split('\n')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '' && isLocalSpec(spec))
  return local.length === 1 ? local[0] : undefined
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : 'error'
}

/** A target that exists is used only as an empty folder: a file, any symbolic link (even dangling) is refused. */
async function refuseExisting(target: string, dir: string): Promise<void> {
  const stats = await lstat(dir).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined
    throw new UsageError(`cannot use ${target}: ${errorCode(error)}`)
  })
  if (!stats) return
  if (stats.isSymbolicLink()) throw new UsageError(`${target} is a symbolic link: pass a new folder name`)
  if (!stats.isDirectory()) throw new UsageError(`${target} exists and is not a folder`)
  const entries = await readdir(dir).catch((error: unknown) => {
    throw new UsageError(`cannot use ${target}: ${errorCode(error)}`)
  })
  if (entries.length > 0) throw new UsageError(`${target} exists and is not empty`)
}

/** A path as one shell word, so the printed `cd` works whatever the name holds (spaces, quotes, `$`). */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { package: { type: 'string' }, platform: { type: 'string', default: PLATFORMS.join(',') } },
  })
  const [target] = positionals
  if (!target) throw new UsageError('init needs a folder name: voitex-trigger init my-line')
  const dir = resolve(target)
  await refuseExisting(target, dir)
  const name =
    basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'voitex-line'
  const own = JSON.parse(await readFile(OWN_PACKAGE, 'utf8')) as OwnPackage

  const platforms = parsePlatforms(values.platform)
  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw new UsageError(`cannot create ${target}: ${errorCode(error)}`)
  })
  const files = renderProject(await readTemplates(TEMPLATES), { name, platforms })
  const fromNpx = values.package === undefined ? npxLocalSpec(process.env) : undefined
  const spec = dependencySpec(values.package ?? fromNpx ?? `^${own.version}`, process.cwd())
  const pkg = projectPackage(name, platforms, own, spec)
  files.set('package.json', `${JSON.stringify(pkg, null, 2)}\n`)
  for (const [path, text] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }

  const written = [...files.keys()].sort()
  console.log(`Created ${target}/ for ${platforms.join(', ')} (${written.length} files):\n  ${written.join('\n  ')}`)
  if (fromNpx) console.log(`\nIt depends on voitex-trigger from ${spec}, the package npx ran (--package to change).`)
  const local = Object.keys(projectScripts(platforms)).filter(
    (script) => script.startsWith('dev:') || script === 'serve',
  )
  console.log(
    `\nNext:\n  cd ${shellWord(target)}\n  npm install\n  npm test    # type-check, unit tests, scenarios, lint\n  npm start   # your flow on http://127.0.0.1:8787/trigger; open http://127.0.0.1:8787/ to call it${local.map((script) => `\n  npm run ${script}   # as deployed, locally (README: "Run it locally, as deployed")`).join('')}`,
  )
  return 0
}
