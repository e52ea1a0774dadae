import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { CLI_TIMEOUT_MS } from '../helpers/cli.ts'
import { runToEnd } from '../helpers/processes.ts'

// Debian's Node 20 (the system's `node`; npm scripts here run Node 22 from node_modules): a Node older than engines.
const OLD_NODE = '/usr/bin/node'
const { engines } = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }

it(
  'says in one line which Node it needs when run on an older one, and stops with exit 2, as for a missing package',
  async () => {
    const { stdout: version } = await runToEnd(OLD_NODE, ['--version'])
    expect(Number(/^v(\d+)/.exec(version)?.[1])).toBeLessThan(22)
    const tsx = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href
    const { code, stdout, stderr } = await runToEnd(OLD_NODE, ['--import', tsx, 'cli/main.ts', '--help'])
    expect(stderr).toBe(
      `voitex-trigger needs Node ${engines.node}; this is Node ${version.trim().slice(1)}: install a newer Node\n`,
    )
    expect(stdout).toBe('')
    expect(code).toBe(2)
  },
  CLI_TIMEOUT_MS,
)
