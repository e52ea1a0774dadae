import { parseArgs } from 'node:util'
import { localGuard } from '../adapters/node/_internal.ts'
import { serve } from '../adapters/node/index.ts'
import { readEngineSettings } from '../src/_internal.ts'
import { DEFAULT_TIME_ZONE } from '../src/index.ts'
import { embeddedStore } from './callers.ts'
import {
  envSetting,
  loadApp,
  loadSchema,
  need,
  ownEnv,
  PROJECT_HELP,
  PROJECT_OPTIONS,
  resolveProject,
  UsageError,
} from './config.ts'
import { devPage } from './page.ts'
import { cannotListen, portNumber } from './port.ts'

export const summary = 'serve your app locally on an embedded store, with a page to call it from a browser'

export const help = `voitex-trigger dev: ${summary}.

Usage: voitex-trigger dev [--port 8787] [--host 127.0.0.1] [--allow-host NAME] [--drain-ms 5000]

  --port N        where to listen (default $PORT, else 8787)
  --host HOST     default $HOST, else 127.0.0.1 (loopback only)
  --allow-host NAME  also answer requests addressed to this host name (a tunnel's, a LAN name); repeatable.
                  Loopback names and IP addresses are always answered; any other Host is refused (DNS rebinding),
                  and so is a browser's request from another site.
  --drain-ms N    on SIGINT/SIGTERM, how long in-flight requests may take before they are cut (default 5000)

Open the URL it prints in a browser: a phone keypad over your IVR map (the project's "map"), the simulator's
platform rules calling your app's /trigger, and a scenario file of each call to download.

TRIGGER_TOKEN, TIME_ZONE and your app's services are read from the environment.

${PROJECT_HELP}`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...PROJECT_OPTIONS,
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'drain-ms': { type: 'string' },
    },
  })
  const project = await resolveProject(values)
  const app = await loadApp(need(project, 'app', 'dev'))
  const { store, problems } = await embeddedStore(project.callers, await loadSchema(project, app))
  for (const line of problems) console.warn(line)
  const port = portNumber(values.port ?? envSetting('PORT') ?? '8787')
  const host = values.host ?? envSetting('HOST') ?? '127.0.0.1'
  const drainMs = values['drain-ms'] === undefined ? undefined : Number(values['drain-ms'])
  if (drainMs !== undefined && !(drainMs >= 0)) throw new UsageError(`--drain-ms must be a number of milliseconds`)
  // What the server reads too, so the page sends what it accepts.
  const { tokens, timeZone } = readEngineSettings(ownEnv())
  // Without its page (a broken install), dev still serves the Trigger: say why, and go on.
  const localRoutes = await devPage({
    app,
    map: project.map,
    callers: store.records,
    tokens,
    timeZone: timeZone || DEFAULT_TIME_ZONE,
  }).catch((error: unknown) => {
    console.warn(`voitex-trigger dev: no page: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  })
  let server: Awaited<ReturnType<typeof serve>>
  try {
    const guard = localGuard([host, ...(values['allow-host'] ?? [])])
    // The page's version picker asks for a version in a header: only dev honours it, never a deployed entry.
    server = await serve(app, {
      port,
      host,
      store,
      drainMs,
      guard,
      localRoutes,
      stopWithParent: true,
      versionHeader: true,
    })
  } catch (error) {
    // A setting the user must fix (a port in use, a time zone, a capture file): one line, not a stack.
    throw cannotListen(error, port, '--port N (or PORT)')
  }
  const paths = Object.keys(app.flows).map((name) => (name === 'default' ? '/trigger' : `/trigger/${name}`))
  const callers = project.callers ? `${store.records.size} callers from ${project.callers}` : 'no callers (--callers)'
  console.log(`voitex-trigger dev: ${paths.join(', ')} at ${server.url}, ${callers}`)
  if (localRoutes) console.log(`Page: ${server.url}/  (call your IVR from a browser)`)
  const caller = [...store.records.keys()][0] ?? '8459511000'
  const example = JSON.stringify({ call_id: 'dev-1', cid: caller.replace(/^\+1/, ''), branch_data: [] })
  const path = paths.includes('/trigger') ? '/trigger' : (paths[0] ?? '/trigger')
  // With a token set, the example names it by its variable (a secret is never printed), the first of a rotation's
  // list, in the header (a query would need it percent-encoded).
  const auth = tokens ? ` -H "authorization: Bearer \${TRIGGER_TOKEN%%,*}"` : ''
  console.log(
    `Try it:\n  curl -s -X POST ${server.url}${path}${auth} -H 'content-type: application/json' -d '${example}'`,
  )
  console.log('(Edits to your flow take effect when dev is started again.)')
  // Runs until SIGINT or SIGTERM (or its parent is gone), which drain and exit (see listen).
  return new Promise<number>(() => {})
}
