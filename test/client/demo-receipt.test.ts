import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTriggerApp, memoryStore, silentLogger } from 'voitex-trigger'
import { createVoitexClient, emulatorUrls } from 'voitex-trigger/client'
import { createEmulator } from 'voitex-trigger/emulator'
import type { RunningServer } from 'voitex-trigger/node'
import callers from '../../demo/callers.json' with { type: 'json' }
import { demoFlow } from '../../demo/flow.ts'
import { SEED_CARD_DATA, SEED_REQUEST } from '../../fixtures/seed.ts'
import { testServer } from '../helpers/matrix.ts'

const emulator = createEmulator()
let server: RunningServer
beforeAll(async () => {
  server = await testServer(emulator.app)
})
afterAll(() => server.close())

it('sends an SMS receipt after a payment, after the caller has the answer', async () => {
  // The SMS request waits at this gate, so the test shows the answer does not wait for it.
  let open: () => void = () => {}
  const gate = new Promise<void>((resolve) => {
    open = resolve
  })
  const voitex = createVoitexClient({
    authKey: 'test-key',
    urls: emulatorUrls(server.url),
    fetch: async (input, init) => {
      await gate
      return fetch(input, init)
    },
  })
  const deferred: Promise<unknown>[] = []
  const app = createTriggerApp({ flows: demoFlow, services: () => ({ voitex }) }).handler({
    store: memoryStore(callers),
    logger: silentLogger,
    defer: (task) => void deferred.push(task),
  })

  const response = await app.fetch(
    new Request('http://local/trigger', { method: 'POST', body: JSON.stringify(SEED_REQUEST) }),
  )
  expect(await response.json()).toMatchObject({ variables: { paid: 'yes' } })
  expect(emulator.state.sms).toEqual([])

  open()
  await Promise.all(deferred)
  expect(emulator.state.sms).toEqual([
    {
      api: 'notify',
      from: '8459511110',
      to: '8459511000',
      body: 'Voitex receipt: $57.00 paid with the card ending in 4444. Thank you!',
      reference: expect.any(String),
    },
  ])
  for (const secret of SEED_CARD_DATA) expect(JSON.stringify(emulator.state.sms)).not.toContain(secret)
})
