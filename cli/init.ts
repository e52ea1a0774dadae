import { cp, lstat, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { basename, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { UsageError } from './config.ts'

export const summary = 'start a new project: a sample flow, its tests, scenarios and entries for every platform'

export const help = `voitex-trigger init: ${summary}.

Usage: voitex-trigger init my-line [--package SPEC]

Writes my-line/ with a sample flow (src/flow.ts) and its caller schema, the app, entries for Cloudflare Workers,
AWS Lambda, Vercel and Node, wrangler.toml, serverless.yml, an IVR map, two scenarios, a unit test and a README.
Then: cd my-line && npm install && npm test && npm start

  --package SPEC   what the project depends on for voitex-trigger (default ^<this version>), e.g. a tarball path
                   (a relative path is taken from where you run init, and written as an absolute file: spec)`

/** The Workers runtime date new projects are written with (kept equal to this repository's wrangler.toml). */
export const COMPATIBILITY_DATE = '2026-08-01'

/** Templates sit beside this module: in cli/ in the repository, in dist/ (copied by the build) in the package. */
const TEMPLATES = new URL('./templates/', import.meta.url)
const OWN_PACKAGE = new URL('../package.json', import.meta.url)

interface OwnPackage {
  readonly version: string
  readonly dependencies: Record<string, string>
  readonly devDependencies?: Record<string, string>
  readonly peerDependencies: Record<string, string>
}

/** The new project's package.json, with the versions this package is tested with. */
function projectPackage(name: string, own: OwnPackage, spec: string): string {
  const versions = { ...own.devDependencies, ...own.peerDependencies, ...own.dependencies }
  const pick = (names: readonly string[]) =>
    Object.fromEntries(names.map((dependency) => [dependency, versions[dependency] ?? 'latest']))
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'voitex-trigger dev',
      test: 'tsc && vitest run && voitex-trigger scenarios && voitex-trigger lint',
      call: 'voitex-trigger call',
      'build:worker': 'wrangler deploy --dry-run --outdir dist/worker --minify',
      'build:lambda': 'serverless package --package dist/lambda',
      'deploy:worker': 'wrangler deploy',
      'deploy:lambda': 'serverless deploy',
    },
    dependencies: { 'voitex-trigger': spec, ...pick(['zod', '@vercel/functions', 'redis']) },
    devDependencies: pick([
      '@types/node',
      'esbuild',
      // Node 22 for every script (wrangler and vitest need it), whatever Node is installed.
      'node',
      'osls',
      'serverless-esbuild',
      // The Node entry runs through tsx (`node --import tsx src/node.ts`): listed, not borrowed from our dependencies.
      'tsx',
      'typescript',
      'vitest',
      'wrangler',
    ]),
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

/**
 * The dependency spec for voitex-trigger. A local path (a tarball or a folder) is made absolute: the project's
 * package.json sits one folder down from where init runs, so a relative path would point elsewhere.
 */
export function dependencySpec(spec: string, cwd: string): string {
  if (spec.includes('://')) return spec
  const path = spec.startsWith('file:') ? spec.slice('file:'.length) : spec
  const local = spec.startsWith('file:') || /^\.{1,2}(\/|$)|^\//.test(spec) || /\.(tgz|tar\.gz)$/.test(spec)
  return local ? `file:${resolve(cwd, path)}` : spec
}

/** Every file under a folder, as paths relative to it. */
async function files(root: URL): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root.pathname, join(entry.parentPath, entry.name)))
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
    options: { package: { type: 'string' } },
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

  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw new UsageError(`cannot create ${target}: ${errorCode(error)}`)
  })
  await cp(TEMPLATES, dir, { recursive: true })
  // npm leaves .gitignore out of packages, so the template is stored without its dot.
  await rename(join(dir, 'gitignore'), join(dir, '.gitignore'))
  for (const file of ['README.md', 'wrangler.toml', 'serverless.yml']) {
    const path = join(dir, file)
    const text = await readFile(path, 'utf8')
    await writeFile(path, text.replaceAll('{{name}}', name).replaceAll('{{compatibilityDate}}', COMPATIBILITY_DATE))
  }
  await writeFile(
    join(dir, 'package.json'),
    projectPackage(name, own, dependencySpec(values.package ?? `^${own.version}`, process.cwd())),
  )

  const written = [...(await files(TEMPLATES)).map((file) => file.replace(/^gitignore$/, '.gitignore')), 'package.json']
  console.log(`Created ${target}/ (${written.length} files):\n  ${written.sort().join('\n  ')}`)
  console.log(
    `\nNext:\n  cd ${shellWord(target)}\n  npm install\n  npm test    # type-check, unit tests, scenarios, lint\n  npm start   # your flow on http://127.0.0.1:8787/trigger; open http://127.0.0.1:8787/ to call it`,
  )
  return 0
}
