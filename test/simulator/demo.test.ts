import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoFlow } from '../../demo/flow.ts'
import {
  checkDecision,
  type Decision,
  dial,
  type IvrMap,
  lintMap,
  parseIvrMap,
  runScenario,
  ScenarioSchema,
  type SimulatorTarget,
  toMermaid,
} from '../../src/index.ts'
import { readData } from '../../tools/files.ts'
import { demoSimulation } from '../helpers/demo-sim.ts'
import { freePort, spawnUntil } from '../helpers/processes.ts'

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
    const result = await runScenario(ScenarioSchema.parse(await readData(file)), { map, target })
    expect(result.failure).toBeUndefined()
  })

  it('cover every route of the demo flow', async () => {
    const routes = new Set<string>()
    for (const file of SCENARIOS) {
      const result = await runScenario(ScenarioSchema.parse(await readData(file)), { map, target })
      for (const entry of result.transcript) if (entry.kind === 'response' && entry.route) routes.add(entry.route)
    }
    expect([...routes].sort()).toEqual(['after-hours', 'album', 'billing', 'main-menu', 'order', 'paid', 'vip'])
  })
})

describe('checks before deploy', () => {
  it('finds nothing wrong with the demo map, its flow, and every answer the scenarios produced', async () => {
    const answers: Decision[] = []
    for (const file of SCENARIOS) {
      const result = await runScenario(ScenarioSchema.parse(await readData(file)), { map, target })
      for (const entry of result.transcript) {
        if (entry.kind !== 'response') continue
        const checked = checkDecision(JSON.parse(entry.body))
        if (checked.ok) answers.push(checked.value)
      }
    }
    expect(answers.length).toBeGreaterThan(5)
    expect(lintMap(map, { default: demoFlow }, answers)).toEqual([])
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
    const graph = toMermaid(map, { default: demoFlow })
    expect(graph).toMatch(/^flowchart TD\n/)
    expect(graph).toContain('b0 -- "1" --> b100')
    expect(graph).toContain('b100 -. "prioritySupport" .-> b150')
    expect(graph).toContain('b100 -- "No Route Found" --> b0')
  })
})

function run(command: string, args: string[], input?: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { encoding: 'utf8' }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

describe('the command line', () => {
  it('npm run scenarios passes against the running Node server (npm start)', async () => {
    const port = await freePort()
    const server = await spawnUntil('npm', ['start'], /Try it:/, { env: { ...process.env, PORT: String(port) } })
    try {
      const result = await run('npx', ['tsx', 'tools/scenarios.ts', '--url', `http://127.0.0.1:${port}`])
      expect(result.stdout).toContain(`${SCENARIOS.length} passed, 0 failed`)
      expect(result.code).toBe(0)
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('npm run call plays a call from keys on stdin and exits cleanly when the call ends', async () => {
    const result = await run(
      'npx',
      ['tsx', 'tools/call.ts', '--from', '8459511000', '--at', '2023-07-20 11:35:35'],
      '1\n1\n',
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('♪ Hi John, your order #1234 is out for delivery.')
    expect(result.stdout).toContain('■ ended at 300: queue')
  }, 30_000)

  it('npm run call hangs up cleanly on Ctrl-C', async () => {
    const call = await spawnUntil('node_modules/.bin/tsx', ['tools/call.ts', '--from', '8459511000'], /keys> /)
    const exited = new Promise<number | null>((resolve) => call.child.once('exit', (code) => resolve(code)))
    call.child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(call.output()).toContain('Call ended (Ctrl-C).')
  }, 30_000)

  it('npm run call treats the end of input as the caller hanging up', async () => {
    const result = await run('npx', ['tsx', 'tools/call.ts', '--from', '7325550184', '--at', '2023-07-20 11:35:35'], '')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Call ended (end of input: the caller hung up).')
  }, 30_000)
})
