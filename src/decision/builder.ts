import {
  type Decision,
  DIGITS,
  INPUT_KEY,
  MAX_PLAY_ITEMS,
  MAX_TTS_CHARS,
  MAX_VARIABLE_CHARS,
  type PlayItem,
  VARIABLE_NAME,
} from './schema.ts'

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'
type IsDigits<S extends string> = S extends `${Digit}${infer Rest}` ? (Rest extends '' ? true : IsDigits<Rest>) : false

declare const digitsBrand: unique symbol
/** A string checked at runtime to be digits: what `digits()` returns for a number known only at run time. */
export type DigitString = string & { readonly [digitsBrand]: true }

/**
 * A branch, album or sort number: a non-negative integer, a literal string of digits, or a `DigitString`.
 * `goto(150)` and `goto('150')` type-check; `goto(-1)`, `goto(1.5)` and `goto('abc')` do not.
 */
export type NumberRef<T> = T extends DigitString
  ? T
  : T extends number
    ? `${T}` extends `-${string}` | `${string}.${string}` | `${string}e${string}`
      ? never
      : T
    : T extends string
      ? string extends T
        ? never
        : IsDigits<T> extends true
          ? T
          : never
      : never

/** A key the caller can press: 0–9, `*`, `#`, a string of digits (as number or string), or `%` for any key. */
export type KeyRef<K> = K extends '*' | '#' | '%' ? K : K extends number | string ? NumberRef<K> : never

type Menu<M> = {
  readonly [K in keyof M]: K extends string | number ? (KeyRef<K> extends never ? never : NumberRef<M[K]>) : never
}

/** Variables to store for the rest of the call; numbers and booleans are sent as strings. */
export type VariableValues = Readonly<Record<string, string | number | boolean>>

/** Runtime check for a number only known at run time; throws a TypeError naming the value's problem. */
export function digits(value: string | number): DigitString {
  const text = String(value)
  if (!DIGITS.test(text)) throw new TypeError(`expected a string of digits, got ${JSON.stringify(text.slice(0, 20))}`)
  return text as DigitString
}

/** One step of a reply, as the builder was called. */
type Step =
  | { readonly route: string }
  | { readonly play: PlayItem }
  | { readonly goto: string }
  | { readonly inputs: readonly (readonly [key: string, branch: string])[] }
  | { readonly variables: readonly (readonly [name: string, value: string])[] }

/**
 * What is wrong with a decision the builder made, by the decision schema's own rules and limits (schema.ts), said in
 * words; undefined when it is valid. The builder makes only known fields of strings, so these checks are the schema's
 * whole judgement on it (a property test holds the two equal), at a fraction of the cost of running the schema.
 */
export function builtProblem(decision: Decision): string | undefined {
  const { goto, play = [], inputs = {}, variables = {} } = decision
  if (goto !== undefined && !DIGITS.test(goto))
    return `goto: ${JSON.stringify(goto.slice(0, 20))} is not a branch number`
  if (play.length > MAX_PLAY_ITEMS) return `play: more than ${MAX_PLAY_ITEMS} items`
  for (const item of play) {
    if (item.type === 'file') {
      if (!DIGITS.test(item.album) || !DIGITS.test(item.sort)) return 'play: album and sort must be numbers'
    } else if (typeof item.text !== 'string' || item.text.trim() === '') return 'play: tts text is empty'
    else if (item.text.length > MAX_TTS_CHARS) return `play: tts text is longer than ${MAX_TTS_CHARS} characters`
  }
  for (const [key, branch] of Object.entries(inputs)) {
    if (!INPUT_KEY.test(key)) return `inputs.${key.slice(0, 20)}: is not a key a caller can press`
    if (!DIGITS.test(branch)) return `inputs.${key}: ${JSON.stringify(branch.slice(0, 20))} is not a branch number`
  }
  for (const [name, value] of Object.entries(variables)) {
    if (!VARIABLE_NAME.test(name)) return `variables.${name.slice(0, 40)}: is not a valid variable name`
    if (value.length > MAX_VARIABLE_CHARS) return `variables.${name}: longer than ${MAX_VARIABLE_CHARS} characters`
  }
  return undefined
}

/**
 * An immutable decision under construction. Each step returns a new Reply, so a shared menu can be reused:
 *
 *   reply().say(`Hi ${name}, your order #${id} is ${status}.`).menu({ 1: 150, 2: 300 }).goto(150)
 *
 * A Reply is a chain of steps (each one small object, nothing copied); it never throws while it is built. What it
 * builds is checked by the decision schema's rules (`problem`) before it is sent, and a reply that breaks them gets the
 * flow's fallback, as an invalid plain decision does.
 */
export class Reply {
  readonly #previous: Reply | undefined
  readonly #step: Step | undefined

  constructor(previous?: Reply, step?: Step) {
    this.#previous = previous
    this.#step = step
  }

  /** What breaks the decision schema's rules in this reply, said in words; undefined for a valid reply. */
  get problem(): string | undefined {
    return builtProblem(this.toDecision())
  }

  /** Name the route this answer belongs to, for logs and transcripts; it is not sent to the IVR. */
  route(name: string): Reply {
    return new Reply(this, { route: name })
  }

  get routeName(): string | undefined {
    for (let node: Reply | undefined = this; node; node = node.#previous)
      if (node.#step && 'route' in node.#step) return node.#step.route
    return undefined
  }

  /** Speak text (TTS). */
  say(text: string): Reply {
    return new Reply(this, { play: { type: 'tts', text } })
  }

  /** Play a recording from an album, by its sort number. */
  play<const A extends number | string, const S extends number | string>(
    album: NumberRef<A>,
    sort: NumberRef<S>,
  ): Reply {
    return new Reply(this, { play: { type: 'file', album: String(album), sort: String(sort) } })
  }

  /** Where the call goes when play ends with no key, or at once when nothing plays. */
  goto<const B extends number | string>(branch: NumberRef<B>): Reply {
    return new Reply(this, { goto: String(branch) })
  }

  /** While play runs, pressing `key` sends the caller to `branch`. */
  on<const K extends number | string, const B extends number | string>(key: KeyRef<K>, branch: NumberRef<B>): Reply {
    return new Reply(this, { inputs: [[String(key), String(branch)]] })
  }

  /** Several keys at once: `{ 1: 150, 2: 300, '*': 0 }`. */
  menu<const M extends Readonly<Record<string | number, number | string>>>(options: M & Menu<M>): Reply {
    return new Reply(this, { inputs: Object.entries(options).map(([key, branch]) => [key, String(branch)] as const) })
  }

  /** Any key sends the caller to `branch` (the vendor's `%` input). */
  onAnyKey<const B extends number | string>(branch: NumberRef<B>): Reply {
    return this.on('%', branch)
  }

  /** Store variables for later branches (Album Collection, Contact Data, later Triggers). */
  set(values: VariableValues): Reply {
    return new Reply(this, { variables: Object.entries(values).map(([name, value]) => [name, String(value)] as const) })
  }

  /** The wire decision; empty parts are left out, so `reply()` alone is `{}` (No Route Found). */
  toDecision(): Decision {
    const steps: Step[] = []
    for (let node: Reply | undefined = this; node; node = node.#previous) if (node.#step) steps.push(node.#step)
    let goto: string | undefined
    const play: PlayItem[] = []
    let inputs: Record<string, string> | undefined
    let variables: Record<string, string> | undefined
    for (let index = steps.length - 1; index >= 0; index--) {
      const step = steps[index] as Step
      if ('goto' in step) goto = step.goto
      else if ('play' in step) play.push(step.play)
      else if ('inputs' in step) {
        inputs ??= {}
        for (const [key, branch] of step.inputs) inputs[key] = branch
      } else if ('variables' in step) {
        variables ??= {}
        for (const [name, value] of step.variables) variables[name] = value
      }
    }
    const decision: { -readonly [K in keyof Decision]: Decision[K] } = {}
    if (goto !== undefined) decision.goto = goto
    if (play.length > 0) decision.play = play
    if (inputs && Object.keys(inputs).length > 0) decision.inputs = inputs
    if (variables && Object.keys(variables).length > 0) decision.variables = variables
    return decision
  }

  toJSON(): Decision {
    return this.toDecision()
  }
}

/** Start a decision. `reply()` alone is the empty answer: the portal's "No Route Found". */
export function reply(): Reply {
  return new Reply()
}
