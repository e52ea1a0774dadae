import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadIvrMap, loadScenario } from '../../testing/files.ts'

// What a user sees when a file they wrote does not validate: the line, the field, and what is allowed there.

const MAP = `did: "8005550100"
branches:
  0:
    type: content
    inputs: { "1": "5" }
  5:
    type: terminal
    kind: party
  6:
    type: lobby
  7:
    type: trigger
    noRouteFound: nowhere
`

async function mapProblems(text: string): Promise<string> {
  try {
    await loadIvrMap(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('the map was accepted')
}

describe('an IVR map that does not validate', () => {
  it('names the line, the field and the values allowed', async () => {
    expect(await mapProblems(MAP)).toContain(
      'line 8: branches.5.kind: expected "transfer", "queue", "voicemail" or "hangup"',
    )
  })

  it('names the branch types there are, for an unknown one', async () => {
    expect(await mapProblems(MAP)).toContain(
      'line 10: branches.6.type: unknown branch type: expected "content", "trigger", "album", "payment", "contact-data" or "terminal"',
    )
  })

  it('says a No Route Found target is a branch number or "hangup"', async () => {
    expect(await mapProblems(MAP)).toContain('line 13: branches.7.noRouteFound: expected a branch number or "hangup"')
  })

  it('reports a missing field where its object starts', async () => {
    expect(await mapProblems('did: "1"\nbranches:\n  0:\n    type: album\n')).toContain(
      'line 3: branches.0.albumVariable: is required (a string)',
    )
  })
})

const dir = mkdtempSync(join(tmpdir(), 'scenario-errors-'))

async function scenarioProblems(text: string): Promise<string> {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(file, text)
  try {
    await loadScenario(file)
  } catch (error) {
    // The file's random name could hold any digits: only what is said of the file is read.
    return (error as Error).message.replaceAll(file, '<file>')
  }
  throw new Error('the scenario was accepted')
}

describe('a scenario that does not validate', () => {
  const SCENARIO = `name: A bad one
from: 2125550100
steps:
  - press: 1
  - dance: true
  - expect: { waitingFor: nothing, branch: "0" }
  - pay: { number: 4111, cvv: "123" }
`

  it('names the steps there are, for a step that is none of them', async () => {
    expect(await scenarioProblems(SCENARIO)).toContain(
      'line 5: steps.1: expected a map with "press", "wait", "pay", "hangup" or "expect"',
    )
  })

  it('names the field of the step that is wrong, and what it allows', async () => {
    expect(await scenarioProblems(SCENARIO)).toContain(
      'line 6: steps.2.expect.waitingFor: expected "keys" or "payment"',
    )
  })

  it('names a key a step does not take, and never echoes a value', async () => {
    const problems = await scenarioProblems(SCENARIO)
    expect(problems).toContain('line 7: steps.3.pay: unknown key "cvv"')
    expect(problems).not.toContain('123')
  })
})
