import { appTarget, loadIvrMap } from 'voitex-trigger/testing'
import { app } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { memoryStore, silentLogger } from '../../src/index.ts'

/** The demo hotline's map, and the demo app in-process as the simulator's target. */
export async function demoSimulation() {
  const map = await loadIvrMap('demo/ivr-map.yaml')
  const target = appTarget(app.handler({ store: memoryStore(callers), logger: silentLogger, versionHeader: true }))
  return { map, target }
}
