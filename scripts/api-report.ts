/**
 * The public API report: the `.d.ts` a user of each package subpath gets, types included, committed in api-report/ so
 * that a change to the public API shows up in review as a diff. `npm run api-report` writes it; test/package/
 * api-report.test.ts regenerates it and fails on any difference.
 *
 * Built by tsdown exactly as the package is (its declaration bundles, one build for every subpath), then made stable:
 * shared chunks are named after their first source module instead of a content hash (`errors-LapkLtMM.d.ts` becomes
 * `_shared/src-errors.d.ts`), and the one-letter names chunks export under (`C as TriggerApp`) become the real ones.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, posix, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { globalContext } from 'rolldown-plugin-dts/tsc-context'
import { build, type UserConfig } from 'tsdown'
import config, { ENTRIES } from '../tsdown.config.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Where the report lives, relative to the repository. */
export const REPORT_DIR = 'api-report'

/** The subpaths a user imports: every entry but the CLI (a command, not an import). */
export const SUBPATHS = Object.keys(ENTRIES).filter((name) => name !== 'cli')

/**
 * tsc prints an inferred union (a zod enum's keys) in the order its members' types were first created, and tsdown's
 * declaration plugin emits modules in the order they happen to load: two builds can differ. Checking each program
 * whole, in its own file order, before anything is emitted creates those types in one order every time.
 */
let checkingWholeFirst = false
function checkProgramsWholeFirst(): void {
  if (checkingWholeFirst) return
  checkingWholeFirst = true
  const programs = globalContext.programs
  const push = programs.push.bind(programs)
  programs.push = (...added) => {
    for (const program of added) program.getSemanticDiagnostics()
    return push(...added)
  }
}

/** The report, file by file (`index.d.ts`, `stores/redis.d.ts`, `_shared/src-index.d.ts`), in a stable order. */
export async function apiReport(): Promise<Map<string, string>> {
  checkProgramsWholeFirst()
  const outDir = await mkdtemp(join(tmpdir(), 'voitex-api-report-'))
  try {
    // The package's own build options, less what writes outside the output (the page, templates, package.json).
    const { copy, hooks, exports, ...packageBuild } = config as UserConfig
    await build({
      ...packageBuild,
      config: false,
      cwd: ROOT,
      entry: Object.fromEntries(SUBPATHS.map((name) => [name, ENTRIES[name as keyof typeof ENTRIES]])),
      outDir,
      dts: { emitDtsOnly: true },
      clean: true,
      logLevel: 'error',
    })
    return normalise(await declarationFiles(outDir))
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

async function declarationFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile() && entry.name.endsWith('.d.ts')) {
      const path = join(entry.parentPath, entry.name)
      files.set(relative(dir, path).split('\\').join('/'), await readFile(path, 'utf8'))
    }
  return files
}

const EXPORT_LIST = /^export \{([^}]*)\};$/m
const IMPORT_FROM = /^(import|export)( type)? \{([^}]*)\} from "(\.{1,2}\/[^"]+)\.js";$/gm

function normalise(built: Map<string, string>): Map<string, string> {
  const entries = new Set(SUBPATHS.map((name) => `${name}.d.ts`))
  // A chunk is named after the first module in it: unique, since every module is in one chunk only.
  const chunkNames = new Map<string, string>()
  for (const [file, text] of built)
    if (!entries.has(file)) {
      const first = /^\/\/#region (\S+)\.d\.ts$/m.exec(text)?.[1] ?? file.replace(/-[\w-]{8}\.d\.ts$/, '')
      chunkNames.set(file, `_shared/${first.replaceAll('/', '-')}.d.ts`)
    }
  // A chunk's export aliases (`t` → `Rejection`), to put the real names back where it is imported.
  const aliases = new Map<string, Map<string, string>>()
  for (const [file] of chunkNames) {
    const names = new Map<string, string>()
    const list = EXPORT_LIST.exec(built.get(file) ?? '')?.[1] ?? ''
    for (const item of list.split(',')) {
      const [local, alias] = item.trim().split(/\s+as\s+/)
      if (local) names.set(alias ?? local, local)
    }
    aliases.set(file, names)
  }
  const report = new Map<string, string>()
  for (const [file, text] of built) {
    const name = chunkNames.get(file) ?? file
    let out = text.replace(IMPORT_FROM, (_line, keyword: string, type = '', list: string, specifier: string) => {
      const target = posix.normalize(posix.join(posix.dirname(file), `${specifier}.d.ts`))
      const names = aliases.get(target)
      const items = list
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => {
          const [imported = '', local] = item.split(/\s+as\s+/)
          const real = names?.get(imported) ?? imported
          return local === undefined || local === real ? real : `${real} as ${local}`
        })
        .sort()
      const renamed = chunkNames.get(target) ?? target
      let path = posix.relative(posix.dirname(name), renamed).replace(/\.d\.ts$/, '.js')
      if (!path.startsWith('.')) path = `./${path}`
      return `${keyword}${type} { ${items.join(', ')} } from "${path}";`
    })
    if (chunkNames.has(file))
      out = out.replace(EXPORT_LIST, (_line, list: string) => {
        const locals = list
          .split(',')
          .map((item) => item.trim().split(/\s+as\s+/)[0] ?? '')
          .filter(Boolean)
          .sort()
        return `export { ${locals.join(', ')} };`
      })
    report.set(name, out.endsWith('\n') ? out : `${out}\n`)
  }
  return new Map([...report].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Replace api-report/ with the report of the current source. */
export async function writeApiReport(dir = join(ROOT, REPORT_DIR)): Promise<number> {
  const report = await apiReport()
  await rm(dir, { recursive: true, force: true })
  for (const [file, text] of report) {
    await mkdir(dirname(join(dir, file)), { recursive: true })
    await writeFile(join(dir, file), text)
  }
  return report.size
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = await writeApiReport()
  console.log(`${REPORT_DIR}/: ${count} files`)
}
