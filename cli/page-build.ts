import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * Builds the dev page's script from its sources (cli/page/main.ts and the simulator it imports) with esbuild: into
 * dist/page/ for the package (tsdown.config.ts), or in memory when `dev` runs in this repository. esbuild is a
 * development dependency: an installed package never loads this module, it serves the files built here.
 */
const SOURCE = fileURLToPath(new URL('./page/', import.meta.url))

/** The files the page is served from, besides page.js. */
export const PAGE_FILES = ['index.html', 'page.css'] as const

export async function buildPageScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(SOURCE, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (!output) throw new Error('esbuild wrote no page script')
  return output.text
}

/** The page, ready to serve: index.html, page.css and the built page.js in `outdir`. */
export async function writePage(outdir: string): Promise<void> {
  await mkdir(outdir, { recursive: true })
  await writeFile(join(outdir, 'page.js'), await buildPageScript())
  for (const file of PAGE_FILES) await copyFile(join(SOURCE, file), join(outdir, file))
}
