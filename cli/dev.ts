import { parseArgs } from 'node:util'
import { serve } from '../adapters/node/index.ts'
import { DEFAULT_TIME_ZONE } from '../src/index.ts'
import { embeddedStore } from './callers.ts'
import { loadApp, loadSchema, need, PROJECT_HELP, PROJECT_OPTIONS, resolveProject } from './config.ts'
import { devPage } from './page.ts'

export const summary = 'serve your app locally on an embedded store, with a page to call it from a browser'

export const help = `voitex-trigger dev: ${summary}.

Usage: voitex-trigger dev [--port 8787] [--host 127.0.0.1] [--drain-ms 5000]

  --port N        where to listen (default $PORT, else 8787)
  --host HOST     default $HOST, else 127.0.0.1 (loopback only)
  --drain-ms N    on SIGINT/SIGTERM, how long in-flight requests may take before they are cut (default 5000)

Open the URL it prints in a browser: a phone keypad over your IVR map (the project's "map"), the simulator's
platform rules calling your app's /trigger, and a scenario file of each call to download.

TRIGGER_TOKEN, TIME_ZONE and your app's services are read from the environment.

${PROJECT_HELP}`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...PROJECT_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, 'drain-ms': { type: 'string' } },
  })
  const project = await resolveProject(values)
  const app = await loadApp(need(project, 'app', 'dev'))
  const { store, problems } = await embeddedStore(project.callers, await loadSchema(project, app))
  for (const line of problems) console.warn(line)
  const port = Number(values.port ?? process.env.PORT ?? 8787)
  const host = values.host ?? process.env.HOST ?? '127.0.0.1'
  const drainMs = values['drain-ms'] === undefined ? undefined : Number(values['drain-ms'])
  const { TRIGGER_TOKEN, TIME_ZONE } = process.env
  // Without its page (a broken install), dev still serves the Trigger: say why, and go on.
  const localRoutes = await devPage({
    app,
    map: project.map,
    callers: store.records,
    tokenRequired: TRIGGER_TOKEN !== undefined,
    timeZone: TIME_ZONE || DEFAULT_TIME_ZONE,
  }).catch((error: unknown) => {
    console.warn(`voitex-trigger dev: no page: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  })
  const server = await serve(app, { port, host, store, drainMs, localRoutes })
  const example = JSON.stringify({
    call_id: 'dev-1',
    cid: '8459511000',
    did: '8459511110',
    date_time: '2023-07-20 11:35:35',
    branch_data: [{ branch: '0', input: '1' }],
  })
  const callers = project.callers ? `${store.records.size} callers from ${project.callers}` : 'no callers (--callers)'
  console.log(`voitex-trigger dev: ${Object.keys(app.flows).join(', ')} at ${server.url}/trigger, ${callers}`)
  if (localRoutes) console.log(`Page: ${server.url}/  (call your IVR from a browser)`)
  console.log(`Try it:\n  curl -s -X POST ${server.url}/trigger -H 'content-type: application/json' -d '${example}'`)
  // Runs until SIGINT or SIGTERM, which drain and exit (see serve). A shell between npm and this process does not pass
  // npm's signal on, so when the process that started this one is gone, stop the same way.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM')
  }, 1000).unref()
  return new Promise<number>(() => {})
}
