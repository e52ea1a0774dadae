import { type DialOptions, dial, type SimulatedCall } from './call.ts'
import type { Scenario, ScenarioStep } from './scenario.ts'

type Expectation = Extract<ScenarioStep, { expect: unknown }>['expect']

/**
 * A call driven step by step and written down as a scenario that replays it: each action, then what the caller could
 * tell after it (the branch, how the call ended, what was heard, the variables that changed, what it waits for).
 * Card data never enters it: a payment is recorded as `pay: true`, the test card.
 */
export class CallRecording {
  readonly call: SimulatedCall
  readonly #steps: ScenarioStep[] = []
  readonly #options: DialOptions
  #variables: Record<string, string> = {}

  private constructor(call: SimulatedCall, options: DialOptions) {
    this.call = call
    this.#options = options
    this.#expect(true)
  }

  /** Dial (as `dial` does) and record what the caller meets first. */
  static async dial(options: DialOptions): Promise<CallRecording> {
    return new CallRecording(await dial(options), options)
  }

  async press(keys: string): Promise<this> {
    await this.call.press(keys)
    this.#steps.push({ press: keys })
    this.#expect(true)
    return this
  }

  async wait(): Promise<this> {
    await this.call.wait()
    this.#steps.push({ wait: true })
    this.#expect(true)
    return this
  }

  /** Pay with the test card. */
  async pay(): Promise<this> {
    await this.call.pay()
    this.#steps.push({ pay: true })
    this.#expect(true)
    return this
  }

  hangUp(): this {
    if (this.call.ended) return this
    this.call.hangUp()
    this.#steps.push({ hangup: true })
    this.#expect(false)
    return this
  }

  /** The call so far as a scenario (`scenarioYaml` writes it for `voitex-trigger scenarios`). */
  scenario(name?: string): Scenario {
    const { from, callerName, contact, version } = this.#options
    return {
      name:
        name ??
        `A call from ${from}, recorded${this.call.ended ? `: ended (${this.call.ended}) at ${this.call.branch}` : ''}`,
      from,
      ...(callerName ? { callerName } : {}),
      ...(contact !== undefined ? { contact } : {}),
      at: this.call.startedAt,
      ...(version ? { version } : {}),
      steps: this.#steps.map((step) => structuredClone(step)),
    }
  }

  #expect(withHeard: boolean): void {
    const { call } = this
    const changed = Object.entries(call.variables).filter(([name, value]) => this.#variables[name] !== value)
    this.#variables = { ...call.variables }
    const heard = withHeard ? call.lastHeard : []
    const expectation: Expectation = {
      branch: call.branch,
      ...(call.ended ? { ended: call.ended } : {}),
      ...(call.waitingFor ? { waitingFor: call.waitingFor.for } : {}),
      ...(heard.length > 0 ? { heard } : {}),
      ...(changed.length > 0 ? { variables: Object.fromEntries(changed) } : {}),
    }
    this.#steps.push({ expect: expectation })
  }
}
