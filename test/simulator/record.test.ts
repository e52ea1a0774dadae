import { beforeAll, describe, expect, it } from 'vitest'
import { memoryStore, silentLogger } from 'voitex-trigger'
import {
  appTarget,
  CallRecording,
  type IvrMap,
  runScenario,
  type Scenario,
  type SimulatorTarget,
  scenarioYaml,
  TEST_CARD,
} from 'voitex-trigger/testing'
import { parse } from 'yaml'
import { app } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { ScenarioSchema } from '../../src/_internal.ts'
import { demoSimulation } from '../helpers/demo-sim.ts'

let map: IvrMap
let target: SimulatorTarget
beforeAll(async () => {
  ;({ map, target } = await demoSimulation())
})

/** What `voitex-trigger scenarios` reads from the file: YAML, checked by the scenario schema. */
function readBack(yaml: string): Scenario {
  return ScenarioSchema.parse(parse(yaml))
}

const at = '2023-07-20 11:35:35'

describe('a recorded call', () => {
  it('replays green with its expectations: what was heard, where it went, how it ended', async () => {
    const recording = await CallRecording.dial({ map, target, from: '8459511000', at })
    await recording.press('1')
    await recording.press('2')
    await recording.press('1')
    const scenario = readBack(scenarioYaml(recording.scenario()))
    expect(scenario.at).toBe(at)
    expect(scenario.steps).toContainEqual({
      expect: {
        branch: '100',
        waitingFor: 'keys',
        heard: [
          'Hi John, your order #1234 is out for delivery.',
          'Press 1 to talk to support, or 2 to hear this again.',
        ],
      },
    })
    expect(scenario.steps.at(-1)).toEqual({ expect: { branch: '300', ended: 'queue' } })
    expect((await runScenario(scenario, { map, target })).failure).toBeUndefined()
  })

  it('fails its replay when the flow answers differently, naming the step', async () => {
    const recording = await CallRecording.dial({ map, target, from: '8459511000', at })
    await recording.press('1')
    const moved = callers.map((caller) =>
      caller.name === 'John' ? { ...caller, order: { id: '1234', status: 'delivered' } } : caller,
    )
    const changed = appTarget(app.handler({ store: memoryStore(moved), logger: silentLogger }))
    const result = await runScenario(readBack(scenarioYaml(recording.scenario())), { map, target: changed })
    expect(result.failure).toMatchObject({ step: 3 })
    expect(result.failure?.message).toContain('expected to hear "Hi John, your order #1234 is out for delivery."')
  })

  it('records a payment as the test card and the variables it changed, with no card data', async () => {
    const recording = await CallRecording.dial({ map, target, from: '6465557729', at })
    await recording.press('1')
    await recording.pay()
    const yaml = scenarioYaml(recording.scenario())
    const scenario = readBack(yaml)
    expect(scenario.steps).toContainEqual({ pay: true })
    expect(scenario.steps).toContainEqual({
      expect: {
        branch: '0',
        waitingFor: 'keys',
        heard: [
          'Thank you. We received your payment of $125.50 on the card ending in 4242.',
          'Thank you for calling Voitex. Press 1 for your account, or 2 for support.',
        ],
        variables: { paid: 'yes' },
      },
    })
    for (const secret of [TEST_CARD.number, TEST_CARD.expiration, TEST_CARD.zip, TEST_CARD.phone, 'cvv'])
      expect(yaml).not.toContain(secret)
    expect((await runScenario(scenario, { map, target })).failure).toBeUndefined()
  })

  it('records the caller hanging up, and a call dialled at no given time at the time it started', async () => {
    const recording = await CallRecording.dial({ map, target, from: '2015550123' })
    recording.hangUp()
    const scenario = readBack(scenarioYaml(recording.scenario()))
    expect(scenario.at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(scenario.steps.slice(1)).toEqual([{ hangup: true }, { expect: { branch: '0', ended: 'caller-hung-up' } }])
    expect((await runScenario(scenario, { map, target })).failure).toBeUndefined()
  })
})

describe('scenarioYaml', () => {
  it('keeps every string a string, whatever it looks like', () => {
    const tricky = ['yes', '1234', '#1234', '- a', 'a: b', '"quoted"', "it's", 'line\nbreak', '', 'null', '~', '{x}']
    const scenario: Scenario = {
      name: 'tricky: # not a comment',
      from: '8459511000',
      contact: { 'first name': 'yes', last_name: '0012' },
      at,
      steps: [{ expect: { heard: tricky, variables: { 'odd key': 'true', n: '007' } } }, { press: '#' }],
    }
    expect(readBack(scenarioYaml(scenario, 'Recorded by a test.\nSecond line.'))).toEqual(scenario)
  })
})
