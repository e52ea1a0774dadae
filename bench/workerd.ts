import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { freePort } from '../adapters/node/_internal.ts'
import { compileEntry, type Server, serverCommand, whenHealthy } from './support.ts'

/**
 * A module Worker served by workerd itself, for the benchmark: bundled as wrangler bundles it (`compileEntry`), run
 * by the workerd binary `wrangler dev` runs, at this project's compatibility date, on one loopback socket with no dev
 * proxy in front, so the process's CPU is the Worker's and the runtime's alone.
 */
export async function startWorkerd(file: string): Promise<Server> {
  const name = file.replace(/^.*\//, '').replace(/\.ts$/, '')
  await compileEntry(file, name, 'workerd')
  const port = await freePort()
  const config = `.tmp/bench/${name}.capnp`
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "${name}.mjs") ],
  compatibilityDate = "${compatibilityDate()}",
);
`,
  )
  // Log lines (one per request, as on the platform) go to /dev/null.
  const [program, ...args] = serverCommand(workerdBinary(), 'serve', config)
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  return whenHealthy(child, `http://127.0.0.1:${port}`, `${file} in workerd`)
}

/** The workerd wrangler depends on: what `wrangler dev` (and, at its date, the platform) runs. */
function workerdBinary(): string {
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'))
  return (fromWrangler('workerd') as { default: string }).default
}

/** The compatibility date the demo deploys with (wrangler.toml). */
function compatibilityDate(): string {
  const date = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(readFileSync('wrangler.toml', 'utf8'))?.[1]
  if (!date) throw new Error('wrangler.toml has no compatibility_date')
  return date
}
