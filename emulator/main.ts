import { startServer } from '../adapters/node/server.ts'
import { createEmulator } from './app.ts'

// `npm run emulator`: the local Voitex API on 127.0.0.1:${EMULATOR_PORT:-8788}.
const labels = process.env.EMULATOR_LABELS?.split(',').map(Number)
const { app } = createEmulator({ authKey: process.env.VOITEX_AUTH_KEY ?? 'test-key', ...(labels ? { labels } : {}) })
const server = await startServer(app, Number(process.env.EMULATOR_PORT ?? 8788), process.env.HOST ?? '127.0.0.1')
console.log(`Voitex API emulator on ${server.url} (Auth-Key from VOITEX_AUTH_KEY, default test-key)`)
console.log(`  services: ${server.url}/recording/upload/ /notify/ /notify/notify/ /sms/send/ /contacts/`)
console.log(`  inspect:  GET ${server.url}/_emulator/state   reset: POST ${server.url}/_emulator/reset`)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void server.close().then(() => process.exit(0)))
