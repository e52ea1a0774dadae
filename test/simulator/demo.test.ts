import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkDecision, type Decision } from 'voitex-trigger'
import {
  dial,
  type IvrMap,
  lintMap,
  loadScenario,
  parseIvrMap,
  runScenario,
  type SimulatorTarget,
  toMermaid,
} from 'voitex-trigger/testing'
import { app } from '../../demo/app.ts'
import { ScenarioSchema } from '../../src/_internal.ts'
import { demoSimulation } from '../helpers/demo-sim.ts'

let map: IvrMap
let target: SimulatorTarget
beforeAll(async () => {
  ;({ map, target } = await demoSimulation())
})

describe('a call through the demo hotline, in vitest', () => {
  it('walks a caller with an order to support, several Trigger hops deep', async () => {
    const call = await dial({ map, target, from: '8459511000', at: '2023-07-20 11:35:35' })
    expect(call.heard).toEqual(['Thank you for calling Voitex. Press 1 for your account, or 2 for support.'])
    await call.press('1')
    expect(call.lastHeard).toContain('Hi John, your order #1234 is out for delivery.')
    expect(call.branch).toBe('100')
    await call.press('2')
    expect(call.branchData.map((step) => step.branch)).toEqual(['0', '100'])
    await call.press('1')
    expect([call.branch, call.ended]).toEqual(['300', 'queue'])
  })
})

const SCENARIOS = readdirSync('demo/scenarios').map((name) => join('demo/scenarios', name))

describe('the demo scenario files', () => {
  it.each(SCENARIOS)('%s passes in-process', async (file) => {
    const result = await runScenario(await loadScenario(file), { map, target })
    expect(result.failure).toBeUndefined()
  })

  it('cover every route of the demo flow', async () => {
    const routes = new Set<string>()
    for (const file of SCENARIOS) {
      const result = await runScenario(await loadScenario(file), { map, target })
      for (const entry of result.transcript) if (entry.kind === 'response' && entry.route) routes.add(entry.route)
    }
    expect([...routes].sort()).toEqual(['after-hours', 'album', 'billing', 'main-menu', 'order', 'paid', 'vip'])
  })
})

describe('checks before deploy', () => {
  it('finds nothing wrong with the demo map, its flow, and every answer the scenarios produced', async () => {
    const answers: Decision[] = []
    for (const file of SCENARIOS) {
      const result = await runScenario(await loadScenario(file), { map, target })
      for (const entry of result.transcript) {
        if (entry.kind !== 'response') continue
        const checked = checkDecision(JSON.parse(entry.body))
        if (checked.ok) answers.push(checked.value)
      }
    }
    expect(answers.length).toBeGreaterThan(5)
    expect(lintMap(map, app.flows, answers)).toEqual([])
  })

  it('reports unknown targets, a Trigger without No Route Found or a flow, and unreachable branches', () => {
    const broken = parseIvrMap({
      did: '1',
      branches: {
        '0': { type: 'trigger', trigger: 'lookup' },
        '7': { type: 'terminal', kind: 'hangup' },
        '8': { type: 'trigger', trigger: 'orphan', noRouteFound: '0' },
      },
    })
    if (!broken.ok) throw new Error(broken.error.join())
    const flow = { name: 'f', branches: { support: 300 } }
    const issues = lintMap(broken.value, { lookup: flow }, [{ goto: '42' }])
    expect(issues.map((issue) => issue.message)).toEqual([
      'Trigger 0 has no No Route Found target: a fallback would hang up',
      'flow f sends callers to support (300), which is not on the portal',
      'Trigger 8 (orphan) has no flow',
      "an answer's goto sends the caller to branch 42, which is not on the portal",
      'branch 7 cannot be reached from the root',
      'branch 8 cannot be reached from the root',
    ])
  })

  it('draws the map and the flow routes as a Mermaid graph', () => {
    const graph = toMermaid(map, app.flows)
    expect(graph).toMatch(/^flowchart TD\n/)
    expect(graph).toContain('b0 -- "1" --> b100')
    expect(graph).toContain('b100 -. "prioritySupport" .-> b150')
    expect(graph).toContain('b100 -- "No Route Found" --> b0')
  })
})

describe('the time of a simulated call', () => {
  it('is refused when it cannot be read, rather than taken as now (a scenario would depend on the hour)', async () => {
    await expect(dial({ map, target, from: '8459511000', at: 'tomorrow' })).rejects.toThrow(/"tomorrow" is not a time/)
    const scenario = ScenarioSchema.safeParse({
      name: 'x',
      from: '1',
      at: '2026-13-45 99:00:00',
      steps: [{ wait: true }],
    })
    expect(scenario.success).toBe(false)
  })
})
