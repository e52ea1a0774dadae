import { demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { appTarget, memoryStore, silentLogger } from '../../src/index.ts'
import { readIvrMap } from '../../tools/files.ts'

/** The demo hotline's map, and the demo app in-process as the simulator's target. */
export async function demoSimulation() {
  const map = await readIvrMap('demo/ivr-map.yaml')
  const target = appTarget(demoApp(() => ({ store: memoryStore(callers), logger: silentLogger })))
  return { map, target }
}
