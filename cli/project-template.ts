import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { UsageError } from './config.ts'

/**
 * What `voitex-trigger init` writes, as data: the files of cli/templates/ every project gets, and for each platform
 * its entry, its config file, its scripts and its packages. This repository's demo is rendered from the same data
 * (test/package/demo-drift.test.ts), so nothing the demo gets is missing from a user's project.
 */

export const PLATFORMS = ['workers', 'lambda', 'vercel', 'node'] as const
export type Platform = (typeof PLATFORMS)[number]

/** The Workers runtime date new projects are written with (equal to this repository's wrangler.toml). */
export const COMPATIBILITY_DATE = '2026-08-01'

/**
 * The Lambda tooling, pinned together. `serverless` is osls under the name serverless-offline's peer asks for: npm
 * then installs no `serverless@4` (whose binary downloads at run time) to take over `.bin/serverless` and `.bin/sls`.
 */
const OSLS = 'npm:osls@4.3.1'

interface PlatformParts {
  /** Template files (paths under cli/templates/) only this platform brings. */
  readonly files: readonly string[]
  readonly scripts: Readonly<Record<string, string>>
  readonly dependencies: readonly string[]
  readonly devDependencies: readonly string[]
  /** Versions that are not the ones this package is tested with, by name. */
  readonly pinned?: Readonly<Record<string, string>>
  /** The install scripts its packages bring, reviewed (npm's `allowScripts`): `true` runs one, `false` skips it. */
  readonly installScripts?: Readonly<Record<string, boolean>>
}

export const PLATFORM_PARTS: Readonly<Record<Platform, PlatformParts>> = {
  workers: {
    files: ['src/worker.ts', 'wrangler.toml'],
    scripts: {
      'dev:worker': 'voitex-trigger dev:worker',
      'build:worker': 'wrangler deploy --dry-run --outdir dist-worker --minify',
      'deploy:worker': 'wrangler deploy',
    },
    dependencies: [],
    // smol-toml: `voitex-trigger lint` reads wrangler.toml with it.
    devDependencies: ['smol-toml', 'wrangler'],
    // wrangler's workerd: its script checks (and if need be fetches) the binary for this machine.
    installScripts: { workerd: true },
  },
  lambda: {
    files: ['src/lambda.ts', 'serverless.yml'],
    scripts: {
      'dev:lambda': 'voitex-trigger dev:lambda',
      'build:lambda': 'voitex-trigger bundle:lambda && serverless package --package dist-lambda',
      'deploy:lambda': 'voitex-trigger bundle:lambda && serverless deploy',
    },
    // The Lambda runtime brings the AWS SDK (serverless.yml leaves it out of the bundle); local runs need it.
    dependencies: ['@aws-sdk/client-dynamodb'],
    // No serverless-esbuild (its dependencies weigh ~65 MB): `voitex-trigger bundle:lambda` bundles with esbuild.
    devDependencies: ['serverless', 'serverless-offline', 'dynalite', 'esbuild'],
    pinned: { serverless: OSLS, 'serverless-offline': '14.8.2' },
    // dynalite's classic-level builds its binding where no prebuilt one fits; es5-ext's script only prints a notice.
    installScripts: { 'classic-level': true, 'es5-ext': false },
  },
  vercel: {
    files: ['api/index.ts', 'vercel.json'],
    scripts: { 'dev:vercel': 'voitex-trigger dev:vercel' },
    dependencies: ['@vercel/functions', 'redis'],
    devDependencies: [],
  },
  node: {
    files: ['src/node.ts'],
    scripts: { serve: 'node --import tsx src/node.ts' },
    dependencies: ['redis'],
    // The Node entry runs through tsx (npm run serve), in production too.
    devDependencies: ['tsx'],
  },
}

const COMMON_SCRIPTS = {
  start: 'voitex-trigger dev',
  // lint first: what it finds (a deploy config missing a setting) is said even when a scenario fails.
  test: 'tsc && vitest run && voitex-trigger lint && voitex-trigger scenarios',
  call: 'voitex-trigger call',
  emulator: 'voitex-trigger emulator',
} as const

/**
 * The CLI's optional peers a project's scripts use: tsx loads the app, yaml reads the map and scenarios, csv-parse
 * imports callers from CSV; hono: `npm run emulator` (the local Voitex API) is a Hono app. The Trigger path itself
 * needs none of them.
 */
const COMMON_DEV_DEPENDENCIES = ['@types/node', 'csv-parse', 'hono', 'tsx', 'typescript', 'vitest', 'yaml'] as const

/**
 * Every project's reviewed install scripts: esbuild's (tsx's and bundle:lambda's) checks its binary for this machine.
 * npm 11.16+ lists any script `allowScripts` does not name after each install; npm 12 skips those.
 */
const COMMON_INSTALL_SCRIPTS = { esbuild: true } as const

/** The chosen platforms' reviewed install scripts, by package name in npm's order (`allowScripts`). */
export function projectInstallScripts(platforms: readonly Platform[]): Record<string, boolean> {
  const scripts = Object.assign(
    { ...COMMON_INSTALL_SCRIPTS },
    ...platforms.map((platform) => PLATFORM_PARTS[platform].installScripts ?? {}),
  ) as Record<string, boolean>
  return inNpmOrder(scripts)
}

/** A record's entries sorted by name, as npm writes package.json's lists (so an install leaves them as they are). */
function inNpmOrder<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** `workers,lambda` → the platforms, in their usual order; an unknown name is refused with the known ones. */
export function parsePlatforms(list: string): Platform[] {
  const names = list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
  const unknown = names.filter((name) => !(PLATFORMS as readonly string[]).includes(name))
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(
      `--platform ${unknown.length > 0 ? `"${unknown.join(',')}" is not a platform` : 'names none'}: choose from ${PLATFORMS.join(',')}`,
    )
  return PLATFORMS.filter((platform) => names.includes(platform))
}

export interface TemplateOptions {
  /** The project's name (wrangler's Worker name, serverless's service). */
  readonly name: string
  readonly platforms: readonly Platform[]
  /** The folder of the app and its platform entries: `src` in a project, `demo` in this repository. */
  readonly dir?: string
  /** The callers file, from the project's root: `callers.json` in a project. */
  readonly callers?: string
}

/** Template files, by their path under cli/templates/. */
export type TemplateFiles = ReadonlyMap<string, string>

/** Every template file, read from a folder (cli/templates/ here, dist/templates/ in the package). */
export async function readTemplates(root: URL): Promise<TemplateFiles> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root.pathname, join(entry.parentPath, entry.name)))
  return new Map(
    await Promise.all(paths.map(async (path) => [path, await readFile(new URL(path, root), 'utf8')] as const)),
  )
}

/**
 * Sections marked `<!-- platform:NAME -->` … `<!-- /platform -->` (README) or `# platform:NAME` … `# /platform`
 * (.gitignore) stay only for the chosen platforms, their markers dropped.
 */
function keepPlatformSections(text: string, platforms: readonly Platform[]): string {
  return text.replace(
    /(?:<!-- |# )platform:([a-z,]+)(?: -->)?\n([\s\S]*?)(?:<!-- |# )\/platform(?: -->)?\n/g,
    (_, names: string, body: string) =>
      names.split(',').some((name) => platforms.includes(name as Platform)) ? body : '',
  )
}

/**
 * The project's files, by path in the project: the templates every project gets, the chosen platforms' own, with
 * `{{name}}`, `{{compatibilityDate}}`, `{{dir}}` and `{{callers}}` filled in. npm leaves `.gitignore` out of packages, so its
 * template is stored as `gitignore`.
 */
export function renderProject(templates: TemplateFiles, options: TemplateOptions): Map<string, string> {
  const dir = options.dir ?? 'src'
  const platformFiles = new Set(PLATFORMS.flatMap((platform) => PLATFORM_PARTS[platform].files))
  const chosen = new Set(options.platforms.flatMap((platform) => PLATFORM_PARTS[platform].files))
  const project = new Map<string, string>()
  for (const [path, text] of templates) {
    if (platformFiles.has(path) && !chosen.has(path)) continue
    const target = path === 'gitignore' ? '.gitignore' : path.replace(/^src\//, `${dir}/`)
    const filled = text
      .replaceAll('{{name}}', options.name)
      .replaceAll('{{compatibilityDate}}', COMPATIBILITY_DATE)
      .replaceAll('{{dir}}', dir)
      .replaceAll('{{callers}}', options.callers ?? 'callers.json')
      // An entry outside the app's folder (api/index.ts) imports the app by a relative path.
      .replaceAll("'../src/", `'../${dir}/`)
    const sectioned = path === 'README.md' || path === 'gitignore'
    project.set(target, sectioned ? keepPlatformSections(filled, options.platforms) : filled)
  }
  return project
}

/** The chosen platforms' scripts, after those every project has. */
export function projectScripts(platforms: readonly Platform[]): Record<string, string> {
  return Object.assign({ ...COMMON_SCRIPTS }, ...platforms.map((platform) => PLATFORM_PARTS[platform].scripts))
}

export interface OwnPackage {
  readonly version: string
  readonly engines: { readonly node: string }
  readonly dependencies?: Readonly<Record<string, string>>
  readonly devDependencies?: Readonly<Record<string, string>>
  readonly peerDependencies: Readonly<Record<string, string>>
}

/** The new project's package.json: the chosen platforms' packages, at the versions this package is tested with. */
export function projectPackage(
  name: string,
  platforms: readonly Platform[],
  own: OwnPackage,
  spec: string,
): Record<string, unknown> {
  const parts = platforms.map((platform) => PLATFORM_PARTS[platform])
  const versions: Record<string, string> = {
    ...own.devDependencies,
    ...own.peerDependencies,
    ...own.dependencies,
    ...Object.assign({}, ...parts.map((part) => part.pinned ?? {})),
  }
  const pick = (names: readonly string[]) =>
    Object.fromEntries(
      [...new Set(names)].sort().map((dependency) => [dependency, versions[dependency] ?? 'latest'] as const),
    )
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    // npm warns when the Node in use is older; the voitex-trigger command says so in one line and stops.
    engines: { node: own.engines.node },
    scripts: projectScripts(platforms),
    // In npm's order (by name), so the first `npm install` of the project does not rewrite it.
    dependencies: inNpmOrder({
      'voitex-trigger': spec,
      zod: versions.zod ?? 'latest',
      ...pick(parts.flatMap((part) => part.dependencies)),
    }),
    devDependencies: pick([...COMMON_DEV_DEPENDENCIES, ...parts.flatMap((part) => part.devDependencies)]),
    allowScripts: projectInstallScripts(platforms),
  }
}
