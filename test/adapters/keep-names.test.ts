import { execFile } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// wrangler bundles a Worker with esbuild's keepNames on by default, and tsx (how `npm start` and a project's Node
// entry run) transforms with it on: each function JavaScript would name (`const f = () => …`, `{ f: () => … }`, a
// class field) gets an `Object.defineProperty` of its name where it is made. Made per request, that cost the Node
// server ~100,000 instructions per Trigger (bench:instructions, 181 k → 281 k). The engine's Trigger path makes no
// such function per request: the bundle's own `__name` counts them (fixtures/keep-names/entry.ts), on each platform.
const work = resolve(`.tmp/keep-names-${process.pid}`)
const HELPER = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });'
const COUNTING =
  'globalThis.namedFunctions = 0; var __name = (target, value) => (globalThis.namedFunctions++, __defProp(target, "name", { value, configurable: true }));'
let counts: { at_load: number; node: number; worker: number; lambda: number; vercel: number; hono: number }

beforeAll(async () => {
  const bundle = await build({
    entryPoints: ['test/fixtures/keep-names/entry.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    keepNames: true,
    external: ['redis', '@aws-sdk/*'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  })
  const text = bundle.outputFiles[0]?.text ?? ''
  if (!text.includes(HELPER)) throw new Error("esbuild's __name helper has changed: update HELPER")
  mkdirSync(work, { recursive: true })
  writeFileSync(`${work}/entry.mjs`, text.replace(HELPER, COUNTING))
  const { stderr } = await promisify(execFile)(process.execPath, [`${work}/entry.mjs`], {
    timeout: 120_000,
    maxBuffer: 16 << 20,
  })
  const line = /^KEEP_NAMES (.*)$/m.exec(stderr)?.[1]
  if (!line) throw new Error(`the entry printed no counts:\n${stderr}`)
  counts = JSON.parse(line)
}, 150_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('a bundle built with keepNames (wrangler, tsx)', () => {
  it('names functions as its modules load, so the count is live', () => {
    expect(counts.at_load).toBeGreaterThan(100)
  })

  it.each(['node', 'worker', 'lambda', 'vercel', 'hono'] as const)(
    'names no function per Trigger on %s',
    (platform) => {
      expect(counts[platform]).toBe(0)
    },
  )
})
