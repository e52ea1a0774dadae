#!/usr/bin/env node
import { readFile } from 'node:fs/promises'
import { UsageError } from './config.ts'

/** A CLI command: its help text, and a run that resolves to the process's exit code. */
export interface Command {
  readonly summary: string
  readonly help: string
  run(argv: string[]): Promise<number>
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  dev: () => import('./dev.ts'),
  'dev:worker': () => import('./dev-worker.ts'),
  'dev:lambda': () => import('./dev-lambda.ts'),
  'bundle:lambda': () => import('./bundle-lambda.ts'),
  'dev:vercel': () => import('./dev-vercel.ts'),
  call: () => import('./call.ts'),
  scenarios: () => import('./scenarios.ts'),
  graph: () => import('./graph.ts'),
  lint: () => import('./lint.ts'),
  import: () => import('./import.ts'),
  replay: () => import('./replay.ts'),
  report: () => import('./report.ts'),
  emulator: () => import('./emulator.ts'),
  init: () => import('./init.ts'),
}

async function usage(): Promise<string> {
  const lines = await Promise.all(
    Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(13)} ${(await load()).summary}`),
  )
  return `voitex-trigger: write, try and ship Voitex IVR Trigger flows.

Usage: voitex-trigger <command> [options]     (voitex-trigger <command> --help for its options)

${lines.join('\n')}

Commands find your project from flags or voitex-trigger.config.json in the current folder:
  { "app": "src/app.ts", "map": "ivr-map.yaml", "scenarios": "scenarios", "callers": "callers.json" }`
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const own = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
    engines: { node: string }
  }
  // `engines` says which Node the package needs; an older one fails later in ways that do not say so.
  const needed = /(\d+)\.?(\d+)?/.exec(own.engines.node)
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  const [needMajor, needMinor] = [Number(needed?.[1] ?? 0), Number(needed?.[2] ?? 0)]
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    console.error(
      `voitex-trigger needs Node ${own.engines.node}; this is Node ${process.versions.node}: install a newer Node`,
    )
    // As a missing package: the command did not run, so no finding of `lint` or `scenarios` (exit 1) is implied.
    return 2
  }
  if (name === '--version' || name === '-v') {
    console.log(own.version)
    return 0
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage())
    return name === undefined ? 2 : 0
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!load) {
    console.error(`voitex-trigger: unknown command "${name}"\n\n${await usage()}`)
    return 2
  }
  const command = await load()
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help)
    return 0
  }
  return command.run(rest)
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    // An unknown or misused option: where the right ones are listed.
    const command = process.argv[2] ?? ''
    console.error(
      `voitex-trigger: ${error.message.split('\n')[0]} (voitex-trigger ${command} --help lists its options)`,
    )
    process.exitCode = 2
  } else if (error instanceof UsageError) {
    console.error(`voitex-trigger: ${error.message}`)
    process.exitCode = 2
  } else {
    // One line, never a stack that could quote a file's contents; the stack only when asked for.
    const message = error instanceof Error ? error.message : String(error)
    console.error(`voitex-trigger: ${message.split('\n')[0]?.slice(0, 300)}`)
    if (process.env.VOITEX_TRIGGER_DEBUG === '1') console.error(error)
    else console.error('(set VOITEX_TRIGGER_DEBUG=1 to see where it failed)')
    process.exitCode = 1
  }
}
