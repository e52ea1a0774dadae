import * as z from 'zod/mini'
import { parseLocalTime } from '../time.ts'
import { VERSION_NAME } from '../versions.ts'
import { dial, type SimulatedCall } from './call.ts'
import type { IvrMap } from './map.ts'
import type { SimulatorTarget } from './target.ts'
import type { TranscriptEntry } from './transcript.ts'

/** A scenario file: a caller, a time, and steps (keys, waits, payments) with expectations between them. */

const describe = z.describe
const HeardText = z.union([z.string(), z.array(z.string())])
const Digits = z.pipe(z.union([z.string(), z.number()]), z.transform(String))
const Expectation = z.strictObject({
  branch: z.optional(Digits).check(describe('The branch the call is at (waiting) or ended at.')),
  ended: z
    .optional(z.string())
    .check(describe('How the call ended: `queue`, `transfer`, `voicemail`, `hangup`, `caller-hung-up` or `loop`.')),
  heard: z
    .optional(HeardText)
    .check(describe('Text heard since the previous step: each a substring of one thing heard (a string or a list).')),
  notHeard: z.optional(HeardText).check(describe('Text that must not have been heard since the previous step.')),
  variables: z
    .optional(z.record(z.string(), z.string()))
    .check(describe('Call variables and the value each must have.')),
  waitingFor: z
    .optional(z.enum(['keys', 'payment']))
    .check(describe('What the call waits for: `keys` (a menu) or `payment` (a card).')),
})
const Step = z.union([
  z.strictObject({ press: Digits.check(describe('Keys the caller presses (`1`, `*`, `123`).')) }),
  z.strictObject({ wait: z.literal(true).check(describe('The caller presses nothing until play ends.')) }),
  z.strictObject({
    pay: z
      .union([
        z.literal(true),
        z.strictObject({
          number: z.optional(z.string()).check(describe('The card number to pay with (a test card).')),
        }),
      ])
      .check(describe('The caller pays at a payment branch: `true`, or `{ number }` for a given test card.')),
  }),
  z.strictObject({ hangup: z.literal(true).check(describe('The caller hangs up.')) }),
  z.strictObject({ expect: Expectation.check(describe('What must be true of the call at this point.')) }),
])

export const ScenarioSchema = z
  .strictObject({
    name: z.string().check(describe('What the scenario shows, as a sentence.')),
    from: Digits.check(describe("The caller's number (`cid`).")),
    callerName: z.optional(z.string()).check(describe("The caller's name, as caller ID sends it.")),
    contact: z
      .optional(z.nullable(z.record(z.string(), z.string())))
      .check(describe("The caller's contact record on the platform (`contact` in Trigger requests), or null.")),
    at: z
      .optional(
        z.string().check(z.refine((at) => parseLocalTime(at) !== undefined, 'must be a time: YYYY-MM-DD HH:MM[:SS]')),
      )
      .check(describe("When the call happens, in the hotline's zone: `YYYY-MM-DD HH:MM[:SS]` (default: now).")),
    version: z
      .optional(z.string().check(z.regex(VERSION_NAME, 'must be a version name')))
      .check(
        describe(
          'The version of the flows to run (`stable`, `next`…); default: the one the target picks for the call.',
        ),
      ),
    steps: z
      .array(Step)
      .check(z.minLength(1), describe('What the caller does, and what is expected between, in order.')),
  })
  .check(describe('A scenario: a caller, a time, and steps (keys, waits, payments) with expectations between them.'))
export type Scenario = z.output<typeof ScenarioSchema>
export type ScenarioStep = z.output<typeof Step>

export interface ScenarioResult {
  readonly name: string
  readonly passed: boolean
  /** Which step diverged (from 1) and how. */
  readonly failure?: { readonly step: number; readonly message: string }
  /** The call up to the point of divergence (card data redacted). */
  readonly transcript: readonly TranscriptEntry[]
}

const list = (text: string | string[] | undefined) => (text === undefined ? [] : Array.isArray(text) ? text : [text])

function check(call: SimulatedCall, expected: z.output<typeof Expectation>): string | undefined {
  const problems: string[] = []
  if (expected.branch !== undefined && call.branch !== expected.branch)
    problems.push(`expected the call at branch ${expected.branch}, it is at ${call.branch}`)
  if (expected.ended !== undefined && call.ended !== expected.ended)
    problems.push(
      `expected the call to end (${expected.ended}), it ${call.ended ? `ended (${call.ended})` : 'goes on'}`,
    )
  const heard = call.lastHeard
  for (const text of list(expected.heard))
    if (!heard.some((item) => item.includes(text)))
      problems.push(`expected to hear "${text}", heard ${JSON.stringify(heard)}`)
  for (const text of list(expected.notHeard))
    if (heard.some((item) => item.includes(text))) problems.push(`did not expect to hear "${text}"`)
  for (const [name, value] of Object.entries(expected.variables ?? {}))
    if (call.variables[name] !== value)
      problems.push(`expected variable ${name}=${value}, it is ${call.variables[name] ?? 'unset'}`)
  if (expected.waitingFor !== undefined && call.waitingFor?.for !== expected.waitingFor)
    problems.push(
      `expected the call to wait for ${expected.waitingFor}, it waits for ${call.waitingFor?.for ?? 'nothing'}`,
    )
  return problems.length > 0 ? problems.join('; ') : undefined
}

/** Play a scenario against a target; never throws for a scenario that fails, it reports where and why. */
export async function runScenario(
  scenario: Scenario,
  options: { readonly map: IvrMap; readonly target: SimulatorTarget },
): Promise<ScenarioResult> {
  const call = await dial({
    map: options.map,
    target: options.target,
    from: scenario.from,
    ...(scenario.callerName ? { callerName: scenario.callerName } : {}),
    ...(scenario.contact !== undefined ? { contact: scenario.contact } : {}),
    ...(scenario.at ? { at: scenario.at } : {}),
    ...(scenario.version ? { version: scenario.version } : {}),
  })
  for (const [index, step] of scenario.steps.entries()) {
    let message: string | undefined
    try {
      if ('expect' in step) message = check(call, step.expect)
      else if ('press' in step) await call.press(step.press)
      else if ('wait' in step) await call.wait()
      else if ('pay' in step) await call.pay(step.pay === true || !step.pay.number ? {} : { number: step.pay.number })
      else call.hangUp()
    } catch (error) {
      message = error instanceof Error ? error.message : String(error)
    }
    if (message) {
      // A step that failed because another version answered says so: that is the cause to fix.
      const wrongVersion = scenario.version ? versionProblem(call.transcript, scenario.version) : undefined
      if (wrongVersion) message = `${wrongVersion}; ${message}`
      return { name: scenario.name, passed: false, failure: { step: index + 1, message }, transcript: call.transcript }
    }
  }
  const problem = scenario.version ? versionProblem(call.transcript, scenario.version) : undefined
  if (problem)
    return {
      name: scenario.name,
      passed: false,
      failure: { step: scenario.steps.length, message: problem },
      transcript: call.transcript,
    }
  return { name: scenario.name, passed: true, transcript: call.transcript }
}

/**
 * A scenario that names a version passes only if a Trigger answered with it: an endpoint that picks versions itself
 * (a deployment) would otherwise pass a scenario of `next` with `stable`.
 */
function versionProblem(transcript: readonly TranscriptEntry[], version: string): string | undefined {
  const answered = new Set(
    transcript.flatMap((entry) => (entry.kind === 'response' && entry.version ? [entry.version] : [])),
  )
  if (answered.size === 0 || answered.has(version)) return undefined
  return `no Trigger answered with version ${version} (they answered ${[...answered].join(', ')}): a deployed endpoint picks a call's version by its call_id or test callers; run the scenario in-process or against voitex-trigger dev`
}

/** A transcript as lines a person reads: what was heard, which keys were live, where the call went. */
export function formatTranscript(entries: readonly TranscriptEntry[]): string[] {
  return entries.map(describeEntry)
}

function describeEntry(entry: TranscriptEntry): string {
  switch (entry.kind) {
    case 'enter':
      return `→ ${entry.branch}${entry.name ? ` ${entry.name}` : ''} (${entry.type})`
    case 'heard':
      return `  ♪ ${entry.text}`
    case 'waiting':
      return entry.for === 'payment' ? '  … waiting for a payment' : `  … keys live: ${entry.keys.join(' ')}`
    case 'pressed':
      return `  ☎ pressed ${entry.keys}`
    case 'waited':
      return '  ☎ pressed nothing'
    case 'paid':
      return `  $ paid ${entry.amount} with the card ending in ${entry.lastFour}`
    case 'request':
      return `  POST /trigger/${entry.trigger} ${JSON.stringify(entry.body)}`
    case 'response':
      return `  ${entry.status} ${entry.body}`
    case 'no-route':
      return `  ✗ No Route Found (${entry.reason}) → ${entry.to}`
    case 'ended':
      return `■ ended at ${entry.branch}: ${entry.how}`
  }
}

/**
 * A scenario as YAML that `voitex-trigger scenarios` reads back to the same scenario. Strings are always quoted
 * (JSON's escapes are YAML's), so no text a caller heard can turn into a number, a boolean or a comment. Written
 * here rather than with the `yaml` package: the dev page bundles the simulator, and yaml's writer is 49 KB minified.
 */
export function scenarioYaml(scenario: Scenario, comment?: string): string {
  const header = comment ? `${comment.replace(/^/gm, '# ')}\n` : ''
  return `${header}${yamlLines(scenario, '').join('\n')}\n`
}

type Yamlable =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Yamlable[]
  | { readonly [key: string]: Yamlable }

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/

/** A list or map with something in it: written as an indented block under its key. */
function isBlock(value: Yamlable): value is readonly Yamlable[] | { readonly [key: string]: Yamlable } {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0
}

/** Block-style lines for a value nested at `indent`. */
function yamlLines(value: Yamlable, indent: string): string[] {
  if (Array.isArray(value) && value.length > 0)
    return value.flatMap((item: Yamlable) => {
      const [first = '', ...rest] = yamlLines(item, `${indent}  `)
      return [`${indent}- ${first.trimStart()}`, ...rest]
    })
  if (isBlock(value))
    return Object.entries(value).flatMap(([key, item]) => {
      if (item === undefined) return []
      const name = PLAIN_KEY.test(key) ? key : JSON.stringify(key)
      if (isBlock(item)) return [`${indent}${name}:`, ...yamlLines(item, `${indent}  `)]
      return [`${indent}${name}: ${yamlLines(item, '').join('')}`]
    })
  if (Array.isArray(value)) return [`${indent}[]`]
  if (value !== null && typeof value === 'object') return [`${indent}{}`]
  return [`${indent}${typeof value === 'string' ? JSON.stringify(value) : String(value ?? null)}`]
}
