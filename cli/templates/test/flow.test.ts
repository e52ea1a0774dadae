import { describe, expect, it } from 'vitest'
import { answerTrigger } from 'voitex-trigger'
import { createVoitexClient, emulatorUrls } from 'voitex-trigger/client'
import { createEmulator } from 'voitex-trigger/emulator'
import { testRuntime } from 'voitex-trigger/testing'
import callers from '../callers.json'
import { appointments } from '../src/flow'

/** A Trigger request as the IVR sends it, from `cid`, after pressing 1 at the main menu. */
const request = (cid: string) => ({
  call_id: 'test-call',
  cid,
  did: '8005550100',
  date_time: '2026-03-02 10:00:00',
  branch_data: [{ branch: '0', input: '1' }],
})

describe('the appointments flow', () => {
  it('reads a known patient their appointment and offers to confirm it', async () => {
    const { runtime } = testRuntime({ callers })
    const answer = await answerTrigger(appointments, 'appointments', request('2125550100'), runtime)
    expect(answer.route).toBe('appointment')
    expect(JSON.parse(answer.body)).toMatchObject({
      play: [{ type: 'tts', text: 'Hi Sara, your appointment is on Monday at 10:00.' }, { type: 'tts' }],
      inputs: { 1: '300', 2: '200' },
    })
  })

  it('texts a patient their appointment once, however often the platform delivers the request', async () => {
    // The Voitex API emulator, called in memory: it keeps every SMS it is sent.
    const emulator = createEmulator()
    const voitex = createVoitexClient({
      authKey: 'test-key',
      urls: emulatorUrls('http://emulator.local'),
      fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
    })
    const { runtime, settle } = testRuntime({ callers, services: { voitex } })
    await answerTrigger(appointments, 'appointments', request('2125550100'), runtime)
    await answerTrigger(appointments, 'appointments', request('2125550100'), runtime)
    await settle()
    expect(emulator.state.sms).toEqual([
      expect.objectContaining({ to: '2125550100', body: expect.stringContaining('Monday at 10:00') }),
    ])
  })

  it('sends a patient with no appointment to reception', async () => {
    const { runtime } = testRuntime({ callers })
    const answer = await answerTrigger(appointments, 'appointments', request('2125550111'), runtime)
    expect(JSON.parse(answer.body)).toMatchObject({ goto: '200' })
  })

  it('sends an unknown caller to the main menu', async () => {
    const { runtime } = testRuntime({ callers })
    const answer = await answerTrigger(appointments, 'appointments', request('3055550199'), runtime)
    expect(answer.route).toBe('unknown')
    expect(JSON.parse(answer.body)).toMatchObject({ goto: '0' })
  })

  it('falls back to the main menu when the caller store fails', async () => {
    const broken = { kind: 'broken', get: () => Promise.reject(new Error('store down')) }
    const { runtime, logs } = testRuntime({ store: broken })
    const answer = await answerTrigger(appointments, 'appointments', request('2125550100'), runtime)
    expect(JSON.parse(answer.body)).toMatchObject({ goto: '0' })
    expect(logs).toContainEqual(expect.objectContaining({ event: 'caller_lookup_degraded', reason: 'store_error' }))
  })
})
