import { parseArgs } from 'node:util'
import { listen, localGuard } from '../adapters/node/_internal.ts'
import { envSetting } from './config.ts'
import { loadPeer } from './peers.ts'
import { cannotListen, portNumber } from './port.ts'

export const summary = 'run the local Voitex API emulator (contacts, notify, SMS, calls, recordings)'

export const help = `voitex-trigger emulator: ${summary}.

Usage: voitex-trigger emulator [--port 8788] [--host 127.0.0.1] [--allow-host NAME] [--auth-key KEY] [--labels 1,2,3]
                               [--max-upload-mb 10]

  --port N        default $EMULATOR_PORT, else 8788
  --allow-host NAME  also answer requests addressed to this host name; repeatable (loopback names and IP addresses
                  always are; any other Host, and a browser's request from another site, is refused)
  --auth-key KEY  the Auth-Key it accepts (default $VOITEX_AUTH_KEY, else test-key)
  --labels LIST   contact label numbers that exist (default $EMULATOR_LABELS, else 1-10)
  --max-upload-mb N  larger requests are refused with 413 before they are read (default 10)

Every route needs the Auth-Key, GET /_emulator/state and POST /_emulator/reset too; every answer is JSON.

Point the client at it with emulatorUrls('http://127.0.0.1:8788'), or VOITEX_API_URL in the demo.`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'auth-key': { type: 'string' },
      labels: { type: 'string' },
      'max-upload-mb': { type: 'string' },
    },
  })
  const labels = (values.labels ?? envSetting('EMULATOR_LABELS'))?.split(',').map(Number)
  const authKey = values['auth-key'] ?? envSetting('VOITEX_AUTH_KEY') ?? 'test-key'
  const maxUploadBytes = Math.round(Number(values['max-upload-mb'] ?? 10) * 1024 * 1024)
  const { createEmulator } = await loadPeer('hono', 'voitex-trigger emulator', () => import('../emulator/index.ts'))
  const { app } = createEmulator({ authKey, maxUploadBytes, ...(labels ? { labels } : {}) })
  const port = portNumber(values.port ?? envSetting('EMULATOR_PORT') ?? '8788')
  const host = values.host ?? envSetting('HOST')
  const server = await listen((request) => app.fetch(request), {
    port,
    host,
    guard: localGuard([...(host ? [host] : []), ...(values['allow-host'] ?? [])]),
    stopWithParent: true,
  }).catch((error: unknown) => {
    throw cannotListen(error, port, '--port N (or EMULATOR_PORT)')
  })
  console.log(
    `Voitex API emulator on ${server.url} (Auth-Key ${values['auth-key'] ? 'from --auth-key' : 'from VOITEX_AUTH_KEY, default test-key'})`,
  )
  console.log(`  services: ${server.url}/recording/upload/ /notify/ /notify/notify/ /sms/send/ /contacts/`)
  console.log(
    `  inspect:  GET ${server.url}/_emulator/state   reset: POST ${server.url}/_emulator/reset  (Auth-Key too)`,
  )
  return new Promise<number>(() => {})
}
