import { checkDecision, type Decision, type PlayItem } from '../decision/schema.ts'
import { redact } from '../redact.ts'
import {
  addToLocalTime,
  DEFAULT_TIME_ZONE,
  formatLocalTime,
  type LocalTime,
  localTimeAt,
  parseLocalTime,
} from '../time.ts'
import type { Branch, IvrMap } from './map.ts'
import type { SimulatorTarget, TargetAnswer } from './target.ts'
import { type Card, type EndKind, TEST_CARD, type TranscriptEntry } from './transcript.ts'

/**
 * The platform's rules, in one place (team notes, ../shared/README.md, "How we read the platform"):
 *  1. A call enters at the hotline's root branch.
 *  2. Each branch passed is appended to branch_data as {branch, input} when the caller leaves it; a Content branch
 *     with "Clear Data" empties it.
 *  3. At a Trigger branch the request is POSTed to that Trigger's URL.
 *  4. The answer: variables merge (later wins); play items play in order; while they play, inputs are live: the key
 *     picks inputs[key], `%` matches any key; play ending with no key, or no play, goes to goto. No goto (and nothing
 *     else to do), or a key matching nothing, is the Trigger's No Route Found.
 *  6. An HTTP error, a non-JSON body, an invalid answer or no answer in time is No Route Found.
 * Where the notes are silent (marked "assumed" below), docs/testing.md ("What the simulator assumes") says what we chose.
 */

export interface DialOptions {
  readonly map: IvrMap
  readonly target: SimulatorTarget
  /** The calling number (`cid`). */
  readonly from: string
  readonly callerName?: string
  /** `contact_info`: the caller's Voitex contact fields, or none. */
  readonly contact?: Readonly<Record<string, string>> | null
  /** Wall-clock time of the first request (`YYYY-MM-DD HH:MM:SS`); each later request is 5 s later. Default: now. */
  readonly at?: string
  readonly timeZone?: string
  readonly callId?: string
  /** Automatic moves (no caller action) before the call is ended as a loop. */
  readonly maxMoves?: number
  /** The version of each Trigger's flow to ask for (`stable`, `next`…); default: the one the endpoint picks. */
  readonly version?: string | undefined
}

type Next =
  | { readonly goto: string }
  | { readonly end: EndKind }
  | { readonly noRoute: { readonly trigger: string; readonly reason: string } }

interface Waiting {
  readonly for: 'keys' | 'payment'
  readonly branch: string
  readonly keys: readonly string[]
  onKeys?(keys: string): Next | undefined
  onPayment?(card: Card): Next
  onNothing(): Next
}

let calls = 0

/** A simulated phone call, driven from the map's root through Triggers, menus and payments. */
export class SimulatedCall {
  readonly transcript: TranscriptEntry[] = []
  readonly variables: Record<string, string> = {}
  branchData: { branch: string; input: string }[] = []
  readonly payments: Record<string, string | number>[] = []
  #branch: string
  #waiting: Waiting | undefined
  #ended: EndKind | undefined
  #heardFrom = 0
  #requests = 0
  #moves = 0
  readonly #options: DialOptions
  readonly #callId: string
  readonly #start: LocalTime

  constructor(options: DialOptions) {
    this.#options = options
    this.#branch = options.map.root
    calls++
    this.#callId = options.callId ?? `SIM${calls}-${Date.now() / 1000}`
    const zone = options.timeZone ?? DEFAULT_TIME_ZONE
    const at = options.at === undefined ? undefined : parseLocalTime(options.at)
    // A time that cannot be read is refused: quietly calling "now" would make a scenario pass or fail by the hour.
    if (options.at !== undefined && at === undefined)
      throw new RangeError(`at "${options.at.slice(0, 40)}" is not a time: YYYY-MM-DD HH:MM[:SS]`)
    this.#start = at ?? localTimeAt(Date.now(), zone)
  }

  /** The wall-clock time of the first request (`YYYY-MM-DD HH:MM:SS`): what a replay of this call dials `at`. */
  get startedAt(): string {
    return formatLocalTime(this.#start)
  }
  /** The branch the call is at (waiting there), or where it ended. */
  get branch(): string {
    return this.#branch
  }
  get ended(): EndKind | undefined {
    return this.#ended
  }
  /** What the call waits for: keys (with the keys that are live) or a payment; undefined once ended. */
  get waitingFor(): { readonly for: 'keys' | 'payment'; readonly keys: readonly string[] } | undefined {
    return this.#waiting && { for: this.#waiting.for, keys: this.#waiting.keys }
  }
  /** Everything the caller heard, in order: TTS text, and recordings as `[album 10, recording 25]`. */
  get heard(): string[] {
    return this.transcript.flatMap((entry) => (entry.kind === 'heard' ? [entry.text] : []))
  }
  /** What the caller heard since the last key, wait or payment. */
  get lastHeard(): string[] {
    return this.heard.slice(this.#heardFrom)
  }

  /** Enter the root branch and run until the call waits for the caller or ends. */
  async start(): Promise<this> {
    await this.#run({ goto: this.#options.map.root })
    return this
  }

  /** Press keys (one key, or several digits at once) while the call waits for keys. */
  async press(keys: string | number): Promise<this> {
    const waiting = this.#expect('keys', `press ${keys}`)
    const pressed = String(keys)
    this.#heardFrom = this.heard.length
    this.transcript.push({ kind: 'pressed', branch: waiting.branch, keys: pressed })
    const next = waiting.onKeys?.(pressed)
    if (next === undefined) return this
    this.#waiting = undefined
    await this.#run(next)
    return this
  }

  /** Let the play end without pressing anything. */
  async wait(): Promise<this> {
    const waiting = this.#expect(undefined, 'wait')
    this.#heardFrom = this.heard.length
    this.transcript.push({ kind: 'waited', branch: waiting.branch })
    this.#waiting = undefined
    await this.#run(waiting.onNothing())
    return this
  }

  /** Pay at a Payment branch (the card defaults to TEST_CARD). */
  async pay(card: Partial<Card> = {}): Promise<this> {
    const waiting = this.#expect('payment', 'pay')
    this.#heardFrom = this.heard.length
    this.#waiting = undefined
    await this.#run(waiting.onPayment?.({ ...TEST_CARD, ...card }) ?? waiting.onNothing())
    return this
  }

  /** The caller hangs up. */
  hangUp(): this {
    if (!this.#ended) this.#end('caller-hung-up')
    return this
  }

  #expect(kind: 'keys' | 'payment' | undefined, action: string): Waiting {
    const waiting = this.#waiting
    if (!waiting || (kind && waiting.for !== kind)) {
      const state = this.#ended
        ? `ended (${this.#ended}) at branch ${this.#branch}`
        : `waiting for ${waiting?.for} at branch ${this.#branch}`
      throw new Error(`cannot ${action}: the call has ${state}`)
    }
    return waiting
  }

  #end(how: EndKind): void {
    this.#ended = how
    this.#waiting = undefined
    this.transcript.push({ kind: 'ended', branch: this.#branch, how })
  }

  #leave(branch: string, input: string): void {
    this.branchData.push({ branch, input })
  }

  async #run(first: Next): Promise<void> {
    let next: Next | undefined = first
    while (next && !this.#ended) {
      if ('end' in next) return this.#end(next.end)
      if ('noRoute' in next) {
        const trigger: Branch | undefined = this.#options.map.branches[next.noRoute.trigger]
        const to: string =
          trigger?.type === 'trigger' && trigger.noRouteFound !== undefined ? trigger.noRouteFound : 'hangup'
        this.transcript.push({ kind: 'no-route', branch: next.noRoute.trigger, reason: next.noRoute.reason, to })
        next = to === 'hangup' ? { end: 'hangup' } : { goto: to }
        continue
      }
      if (++this.#moves > (this.#options.maxMoves ?? 50)) return this.#end('loop')
      next = await this.#enter(next.goto)
    }
  }

  /** Enter a branch: play what it plays, then either move on (the Next) or wait for the caller (undefined). */
  async #enter(number: string): Promise<Next | undefined> {
    const branch = this.#options.map.branches[number]
    this.#branch = number
    if (!branch) {
      this.transcript.push({
        kind: 'no-route',
        branch: number,
        reason: 'branch does not exist on the portal',
        to: 'hangup',
      })
      return { end: 'hangup' }
    }
    this.transcript.push({ kind: 'enter', branch: number, type: branch.type, name: branch.name })
    switch (branch.type) {
      case 'terminal':
        return { end: branch.kind }
      case 'content':
        return this.#content(number, branch)
      case 'trigger':
        return this.#trigger(number, branch)
      case 'album':
        return this.#album(number, branch)
      case 'payment':
        return this.#payment(number, branch)
      case 'contact-data': {
        const contact = this.#options.contact ?? {}
        for (const [variable, field] of Object.entries(branch.variables))
          this.variables[variable] = contact[field] ?? ''
        this.#leave(number, '')
        return branch.next === undefined ? { end: 'hangup' } : { goto: branch.next }
      }
    }
  }

  #hear(branch: string, item: PlayItem | { tts: string } | { album: string; sort: string }): void {
    const text = 'text' in item ? item.text : 'tts' in item ? item.tts : `[album ${item.album}, recording ${item.sort}]`
    this.transcript.push({ kind: 'heard', branch, text })
  }

  #wait(waiting: Waiting): undefined {
    this.#waiting = waiting
    this.#moves = 0
    this.transcript.push({ kind: 'waiting', branch: waiting.branch, for: waiting.for, keys: waiting.keys })
    return undefined
  }

  #content(number: string, branch: Extract<Branch, { type: 'content' }>): Next | undefined {
    if (branch.clearData) this.branchData = []
    for (const item of branch.play) this.#hear(number, item)
    const onNothing = (): Next => {
      this.#leave(number, '')
      return branch.next === undefined ? { end: 'hangup' } : { goto: branch.next }
    }
    const keys = Object.keys(branch.inputs)
    if (keys.length === 0) return onNothing()
    return this.#wait({
      for: 'keys',
      branch: number,
      keys,
      onKeys: (pressed) => {
        const target = branch.inputs[pressed] ?? branch.inputs['%']
        // Assumed: a key a portal menu does not know plays the menu again.
        if (target === undefined) return { goto: number }
        this.#leave(number, pressed)
        return { goto: target }
      },
      onNothing,
    })
  }

  async #trigger(number: string, branch: Extract<Branch, { type: 'trigger' }>): Promise<Next | undefined> {
    const noRoute = (reason: string): Next => ({ noRoute: { trigger: number, reason } })
    const body = this.#request()
    this.transcript.push({ kind: 'request', branch: number, trigger: branch.trigger, body: redact(body) })
    let answer: TargetAnswer
    try {
      const { version } = this.#options
      answer = await this.#options.target.post(branch.trigger, body, version ? { version } : undefined)
    } catch (error) {
      this.#leave(number, '')
      return noRoute(`no answer: ${error instanceof Error ? error.message : String(error)}`)
    }
    this.transcript.push({
      kind: 'response',
      branch: number,
      status: answer.status,
      body: redact(answer.text),
      route: answer.route,
      ...(answer.version ? { version: answer.version } : {}),
    })
    const decision = readDecision(answer)
    if (!decision.ok) {
      this.#leave(number, '')
      return noRoute(decision.reason)
    }
    const { goto, play = [], inputs = {}, variables = {} } = decision.value
    Object.assign(this.variables, variables)
    for (const item of play) this.#hear(number, item)
    const afterPlay = (): Next => {
      this.#leave(number, '')
      return goto === undefined ? noRoute('no goto, and no key was pressed') : { goto }
    }
    const keys = Object.keys(inputs)
    // Inputs are live only while something plays: with nothing to play, no key can be pressed.
    if (play.length === 0 || keys.length === 0) return afterPlay()
    return this.#wait({
      for: 'keys',
      branch: number,
      keys,
      onKeys: (pressed) => {
        this.#leave(number, pressed)
        const target = inputs[pressed] ?? inputs['%']
        return target === undefined ? noRoute(`key ${pressed} matches no input`) : { goto: target }
      },
      onNothing: afterPlay,
    })
  }

  #album(number: string, branch: Extract<Branch, { type: 'album' }>): Next | undefined {
    const album = this.variables[branch.albumVariable]
    const onward = (input: string): Next => {
      this.#leave(number, input)
      return branch.next === undefined ? { end: 'hangup' } : { goto: branch.next }
    }
    // Assumed: with no album variable set, the Album Collection has nothing to play and moves on.
    if (!album) return onward('')
    this.transcript.push({ kind: 'heard', branch: number, text: `[album ${album}]` })
    return this.#wait({
      for: 'keys',
      branch: number,
      keys: ['%'],
      onKeys: (pressed) => {
        this.#hear(number, { album, sort: pressed })
        return onward(pressed)
      },
      onNothing: () => onward(''),
    })
  }

  #payment(number: string, branch: Extract<Branch, { type: 'payment' }>): Next | undefined {
    const onward = (): Next => {
      this.#leave(number, '')
      return branch.next === undefined ? { end: 'hangup' } : { goto: branch.next }
    }
    const cents = branch.amountCentsVariable ? Number(this.variables[branch.amountCentsVariable] ?? 0) : undefined
    const amount = branch.amount ?? (cents === undefined ? '0' : (cents / 100).toFixed(2))
    return this.#wait({
      for: 'payment',
      branch: number,
      keys: [],
      onPayment: (card) => {
        const lastFour = card.number.slice(-4)
        this.payments.push({
          last_four: lastFour,
          expiration: card.expiration,
          cvv: Number(card.cvv),
          zip: card.zip,
          phone: card.phone,
          amount,
          transaction_id: String(875890 + this.payments.length + 1),
        })
        this.transcript.push({ kind: 'paid', branch: number, amount, lastFour })
        return onward()
      },
      onNothing: onward,
    })
  }

  /** The Trigger request exactly as the platform sends it (vendor "Request Code Sample"), card data included. */
  #request(): Record<string, unknown> {
    const dateTime = formatLocalTime(addToLocalTime(this.#start, 5000 * this.#requests++))
    return {
      call_id: this.#callId,
      cid: this.#options.from,
      cnam: this.#options.callerName ?? '',
      contact_info: this.#options.contact ?? 'null',
      date_time: dateTime,
      did: this.#options.map.did,
      branch_data: this.branchData.map((step) => ({ ...step })),
      payment_info: this.payments.map((payment) => ({ ...payment })),
      variables: [{ ...this.variables }],
    }
  }
}

function readDecision(answer: {
  status: number
  text: string
}): { ok: true; value: Decision } | { ok: false; reason: string } {
  if (answer.status !== 200) return { ok: false, reason: `HTTP ${answer.status}` }
  let json: unknown
  try {
    json = JSON.parse(answer.text)
  } catch {
    return { ok: false, reason: 'the answer is not JSON' }
  }
  const checked = checkDecision(json)
  return checked.ok ? checked : { ok: false, reason: 'the answer is not a valid decision' }
}

/** Start a simulated call: it runs from the root until it waits for the caller or ends. */
export async function dial(options: DialOptions): Promise<SimulatedCall> {
  return new SimulatedCall(options).start()
}
