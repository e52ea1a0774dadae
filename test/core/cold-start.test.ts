import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { lazily } from '../../src/lazily.ts'

// A zod schema built when its module loads costs every cold start (a Lambda's import, a Worker's first request)
// whether or not a call ever needs it: building the client's, the request's, the decision's and the capture's
// schemas took about 5 ms of a 15 ms Lambda import. Runtime modules build theirs on first use, with `lazily`. This
// test names the line; test/package/consumer.test.ts counts the schemas the installed package's subpaths build.
// The same rule keeps out of the load what a Worker may not do in its global scope.
const RUNTIME_DIRS = ['src', 'adapters']
const NOT_LOADED_BY_A_PLATFORM = ['src/simulator/']

function runtimeSources(): string[] {
  return RUNTIME_DIRS.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(dir, name)),
  ).filter((file) => !NOT_LOADED_BY_A_PLATFORM.some((dir) => file.startsWith(dir)))
}

/** Calls and constructions that run when the module loads (outside any function body) and match `pattern`. */
function runAtLoad(file: string, pattern: RegExp): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return
    // Of a class, only what runs as it is defined: static fields and static blocks.
    if (ts.isClassLike(node)) {
      for (const member of node.members)
        if (ts.isClassStaticBlockDeclaration(member)) visit(member.body)
        else if (
          ts.isPropertyDeclaration(member) &&
          member.initializer &&
          member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)
        )
          visit(member.initializer)
      return
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && pattern.test(node.expression.getText(source))) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
      found.push(`${file}:${line + 1} ${node.getText(source).slice(0, 60)}`)
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const ZOD_SCHEMA = /^z\.(?:iso\.)?\w+$/
// What workerd refuses in a Worker's global scope ("Disallowed operation called within global scope"): timers,
// random values, I/O, and (before 2026-11) an AbortController or signal. Any of these at load, the Worker never starts.
const FORBIDDEN_IN_WORKER_GLOBAL_SCOPE =
  /^(?:AbortController|AbortSignal\.\w+|setTimeout|setInterval|crypto(?:\.\w+)+|Math\.random|fetch|connect)$/

describe('cold start', () => {
  it('builds no zod schema while a runtime module loads: each is built on its first use', () => {
    expect(runtimeSources().flatMap((file) => runAtLoad(file, ZOD_SCHEMA))).toEqual([])
  })

  it('does nothing while a runtime module loads that a Worker may not do in its global scope', () => {
    expect(runtimeSources().flatMap((file) => runAtLoad(file, FORBIDDEN_IN_WORKER_GLOBAL_SCOPE))).toEqual([])
  })

  // A lazy schema no call path uses is dropped by the bundler only if its `lazily(...)` is marked pure.
  it('marks every lazy value a runtime module makes as pure, so a bundle drops the ones its app never uses', () => {
    const unmarked = runtimeSources().flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (/^(?:export )?const \w+ = lazily\(/.test(line) ? [`${file}:${index + 1}`] : [])),
    )
    expect(unmarked).toEqual([])
  })

  it.each([
    ['Worker', 'demo/worker.ts', 'neutral'],
    ['Lambda', 'demo/lambda.ts', 'node'],
  ] as const)("leaves out of a %s bundle the schema only replay reads (a capture's)", async (_, entry, platform) => {
    const bundle = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform,
      external: ['cloudflare:*', 'node:*', '@aws-sdk/*'],
      logLevel: 'silent',
    })
    const code = bundle.outputFiles[0]?.text ?? ''
    expect(code).toContain('x-trigger-route')
    // The capture schema is the runtime's one user of zod's ISO date-time format.
    expect(code).not.toContain('ZodMiniISODateTime')
  })

  it('builds a lazy value once, on its first use, and never before', () => {
    let builds = 0
    const value = lazily(() => ({ built: ++builds }))
    expect(builds).toBe(0)
    expect(value()).toBe(value())
    expect(builds).toBe(1)
  })
})
