import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { listen, localGuard } from '../adapters/node/_internal.ts'
import { ensureTypeScript, envSetting, PROJECT_OPTIONS, resolveProject, UsageError } from './config.ts'
import { chosenPort, settingNames } from './platform-dev.ts'
import { cannotListen } from './port.ts'

export const summary = 'serve your Vercel Function locally, in Node as Vercel runs it (vercel dev needs an account)'

export const help = `voitex-trigger dev:vercel: ${summary}.

Usage: voitex-trigger dev:vercel [--port 8787] [--host 127.0.0.1] [--allow-host NAME] [--entry api/index.ts]

Like \`voitex-trigger dev\`, it answers only requests addressed to a loopback name, an IP address or an --allow-host
name, and refuses a browser's request from another site.

Vercel's own \`vercel dev\` needs a login and the network. This serves the same module, api/index.ts, in Node (the
runtime Vercel runs it in: its Node.js runtime, Web-standard fetch handler), every path rewritten to it as
vercel.json says, with Vercel's waitUntil honoured. Settings are read from the environment
(${settingNames().join(', ')}, REDIS_URL for callers, CLAIMS_REDIS_URL for deps.once); without REDIS_URL, callers
come from your project's callers file (CALLERS_FILE).`

type FetchHandler = (request: Request) => Response | Promise<Response>

/** A Vercel Function module's handler: `export default { fetch }`, `export default function`, or `export { POST }`. */
function handlerOf(module: Record<string, unknown>, entry: string): FetchHandler {
  const main = module.default as { fetch?: unknown } | FetchHandler | undefined
  if (typeof main === 'function') return main
  if (main && typeof main.fetch === 'function') return (request) => (main.fetch as FetchHandler).call(main, request)
  const methods = Object.fromEntries(
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].flatMap((name) =>
      typeof module[name] === 'function' ? [[name, module[name] as FetchHandler]] : [],
    ),
  )
  if (Object.keys(methods).length === 0)
    throw new UsageError(`${entry} exports no handler: export default toVercelFunction(app, …)`)
  return (request) =>
    methods[request.method]?.(request) ??
    Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { allow: Object.keys(methods).join(', ') } })
}

/** Where @vercel/functions' waitUntil finds the request's context on Vercel. */
const REQUEST_CONTEXT = Symbol.for('@vercel/request-context')

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      ...PROJECT_OPTIONS,
      entry: { type: 'string', default: 'api/index.ts' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const entry = resolve(values.entry)
  if (!existsSync(entry)) throw new UsageError(`${values.entry}: no such file (the Vercel Function to serve)`)
  // Work the function hands to waitUntil finishes before this process exits, as on Vercel before the instance stops.
  const pending = new Set<Promise<unknown>>()
  const waitUntil = (task: Promise<unknown>) => {
    const tracked = task.catch(() => {}).finally(() => pending.delete(tracked))
    pending.add(tracked)
  }
  ;(globalThis as Record<symbol, unknown>)[REQUEST_CONTEXT] = { get: () => ({ waitUntil }) }
  // Without Redis, the entry reads its callers from CALLERS_FILE: the project's callers file, as npm start loads it.
  const { callers } = await resolveProject(values)
  const callersFile =
    envSetting('REDIS_URL') === undefined && envSetting('CALLERS_FILE') === undefined && callers?.endsWith('.json')
      ? callers
      : undefined
  if (callersFile) process.env.CALLERS_FILE = callersFile
  await ensureTypeScript(entry)
  const handler = handlerOf((await import(pathToFileURL(entry).href)) as Record<string, unknown>, values.entry)
  const port = chosenPort(values.port)
  const host = values.host ?? envSetting('HOST') ?? '127.0.0.1'
  const guard = localGuard([host, ...(values['allow-host'] ?? [])])
  const server = await listen(handler, { port, host, guard, stopWithParent: true }, () => [...pending]).catch(
    (error: unknown) => {
      throw cannotListen(error, port, '--port N (or PORT)')
    },
  )
  const store = envSetting('REDIS_URL')
    ? 'callers in Redis (REDIS_URL)'
    : envSetting('CALLERS_FILE')
      ? `callers from ${envSetting('CALLERS_FILE')}`
      : 'no callers (set REDIS_URL, or "callers" in voitex-trigger.config.json)'
  console.log(`dev:vercel: ${values.entry} at ${server.url} (every path, as vercel.json rewrites them), ${store}`)
  return new Promise<number>(() => {})
}
