import { describe, expect, it } from 'vitest'
import { memoryStore, silentLogger } from 'voitex-trigger'
import { appTarget, CallRecording, loadIvrMap, loadScenario, runScenario } from 'voitex-trigger/testing'
import { app } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { demoSimulation } from '../helpers/demo-sim.ts'

// The demo's next version bills an unpaid invoice after hours; stable sends the caller to voicemail. Its share is 0,
// so a call gets next only by asking for it (or from the test phone).
const AFTER_HOURS = '2023-07-20 20:00:00'

describe('simulated calls on a chosen version', () => {
  it('runs the version a call asks for, and the transcript says which answered', async () => {
    const { map, target } = await demoSimulation()
    for (const [version, heard] of [
      ['next', 'Hi Moshe, you have an unpaid invoice of $125.50.'],
      ['stable', 'Our office is closed. Please leave a message after the tone.'],
    ] as const) {
      const recording = await CallRecording.dial({ map, target, from: '6465557729', at: AFTER_HOURS, version })
      await recording.press('1')
      expect(recording.call.heard).toContain(heard)
      const answered = recording.call.transcript.flatMap((entry) => (entry.kind === 'response' ? [entry.version] : []))
      expect(answered).toEqual([version])
      expect(recording.scenario().version).toBe(version)
    }
  })

  it('fails a scenario of a version that no Trigger answered with, saying why', async () => {
    const map = await loadIvrMap('demo/ivr-map.yaml')
    // Bound as a deployment is: a version asked for in a header is not honoured there.
    const deployed = appTarget(app.handler({ store: memoryStore(callers), logger: silentLogger }))
    const scenario = await loadScenario('demo/scenarios/next-billing-after-hours.yaml')
    const result = await runScenario(scenario, { map, target: deployed })
    expect(result.passed).toBe(false)
    expect(result.failure?.message).toMatch(/no Trigger answered with version next \(they answered stable\)/)
  })

  it('passes the demo scenarios of both versions in-process', async () => {
    const { map, target } = await demoSimulation()
    for (const file of [
      'demo/scenarios/next-billing-after-hours.yaml',
      'demo/scenarios/stable-voicemail-after-hours.yaml',
    ]) {
      const result = await runScenario(await loadScenario(file), { map, target })
      expect(result.failure).toBeUndefined()
    }
  })
})
