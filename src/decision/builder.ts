import { type Decision, DIGITS, type PlayItem } from './schema.ts'

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'
type IsDigits<S extends string> = S extends `${Digit}${infer Rest}` ? (Rest extends '' ? true : IsDigits<Rest>) : false

declare const digitsBrand: unique symbol
/** A string checked at runtime to be digits: what `branch()` returns for a number known only at run time. */
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

interface ReplyState {
  readonly goto?: string
  readonly play: readonly PlayItem[]
  readonly inputs: Readonly<Record<string, string>>
  readonly variables: Readonly<Record<string, string>>
  readonly route?: string
}

const EMPTY: ReplyState = { play: [], inputs: {}, variables: {} }

/**
 * An immutable decision under construction. Each step returns a new Reply, so a shared menu can be reused:
 *
 *   reply().say(`Hi ${name}, your order #${id} is ${status}.`).menu({ 1: 150, 2: 300 }).goto(150)
 */
export class Reply {
  readonly #state: ReplyState

  constructor(state: ReplyState = EMPTY) {
    this.#state = state
  }

  /** Name the route this answer belongs to, for logs and transcripts; it is not sent to the IVR. */
  route(name: string): Reply {
    return new Reply({ ...this.#state, route: name })
  }

  get routeName(): string | undefined {
    return this.#state.route
  }

  /** Speak text (TTS). */
  say(text: string): Reply {
    return new Reply({ ...this.#state, play: [...this.#state.play, { type: 'tts', text }] })
  }

  /** Play a recording from an album, by its sort number. */
  play<const A extends number | string, const S extends number | string>(
    album: NumberRef<A>,
    sort: NumberRef<S>,
  ): Reply {
    const file: PlayItem = { type: 'file', album: String(album), sort: String(sort) }
    return new Reply({ ...this.#state, play: [...this.#state.play, file] })
  }

  /** Where the call goes when play ends with no key, or at once when nothing plays. */
  goto<const B extends number | string>(branch: NumberRef<B>): Reply {
    return new Reply({ ...this.#state, goto: String(branch) })
  }

  /** While play runs, pressing `key` sends the caller to `branch`. */
  on<const K extends number | string, const B extends number | string>(key: KeyRef<K>, branch: NumberRef<B>): Reply {
    return new Reply({ ...this.#state, inputs: { ...this.#state.inputs, [String(key)]: String(branch) } })
  }

  /** Several keys at once: `{ 1: 150, 2: 300, '*': 0 }`. */
  menu<const M extends Readonly<Record<string | number, number | string>>>(options: M & Menu<M>): Reply {
    const inputs = { ...this.#state.inputs }
    for (const [key, branch] of Object.entries(options)) inputs[key] = String(branch)
    return new Reply({ ...this.#state, inputs })
  }

  /** Any key sends the caller to `branch` (the vendor's `%` input). */
  onAnyKey<const B extends number | string>(branch: NumberRef<B>): Reply {
    return this.on('%', branch)
  }

  /** Store variables for later branches (Album Collection, Contact Data, later Triggers). */
  set(values: VariableValues): Reply {
    const variables = { ...this.#state.variables }
    for (const [name, value] of Object.entries(values)) variables[name] = String(value)
    return new Reply({ ...this.#state, variables })
  }

  /** The wire decision; empty parts are left out, so `reply()` alone is `{}` (No Route Found). */
  toDecision(): Decision {
    const { goto, play, inputs, variables } = this.#state
    const decision: { -readonly [K in keyof Decision]: Decision[K] } = {}
    if (goto !== undefined) decision.goto = goto
    if (play.length > 0) decision.play = [...play]
    if (Object.keys(inputs).length > 0) decision.inputs = { ...inputs }
    if (Object.keys(variables).length > 0) decision.variables = { ...variables }
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
