import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED_RESPONSE } from '../../fixtures/seed.ts'
import { DecisionSchema, decisionJson, lintDecision } from '../../src/_internal.ts'
import { checkDecision, type Decision, digits, type Reply, reply } from '../../src/index.ts'

describe('the decision builder', () => {
  it('builds the vendor response sample exactly, keys in the same order', () => {
    const built = reply()
      .goto(150)
      .play(10, 25)
      .say('This is a reply TTS recording from the API.')
      .menu({ 1: 3, 4: 2, 6: 105 })
      .set({ album_num: 13, var_2: 'var_val' })
      .toDecision()
    expect(decisionJson(built)).toBe(JSON.stringify(SEED_RESPONSE))
  })

  it('gives the empty answer (No Route Found) when nothing is set', () => {
    expect(decisionJson(reply().toDecision())).toBe('{}')
  })

  it('accepts digit strings and single keys, including * # and % (any key)', () => {
    const decision = reply().say('x').on('*', '0').on('#', 5).on('17', 20).onAnyKey(9).toDecision()
    expect(decision.inputs).toEqual({ '*': '0', '#': '5', '17': '20', '%': '9' })
  })

  it('is immutable, so a shared menu can be reused', () => {
    const menu = reply().say('Main menu').on(1, 100)
    const withGoto = menu.goto(0)
    expect(menu.toDecision().goto).toBeUndefined()
    expect(withGoto.toDecision().goto).toBe('0')
  })

  it('names its route for logs without sending it', () => {
    const named = reply().route('vip').goto(150)
    expect(named.routeName).toBe('vip')
    expect(decisionJson(named.toDecision())).toBe('{"goto":"150"}')
  })

  it('rejects invalid numbers at the type level', () => {
    // Each line below must fail to type-check; tsc (npm run typecheck) fails if one of them does not.
    // @ts-expect-error a negative branch
    const negative = reply().goto(-1)
    // What slips past the types (a cast, plain JavaScript) is still caught before it is sent.
    expect(checkDecision(negative.toDecision()).ok).toBe(false)
    // @ts-expect-error a fractional album
    reply().play(1.5, 2)
    // @ts-expect-error a branch that is not digits
    reply().goto('main')
    // @ts-expect-error an input key a caller cannot press
    reply().on('a', 1)
    const fromConfig: string = '150'
    // @ts-expect-error a string known only at run time must go through digits()
    reply().goto(fromConfig)
    expect(reply().goto(digits(fromConfig)).toDecision()).toEqual({ goto: '150' })
  })

  it('digits() refuses a runtime value that is not digits, showing what it got', () => {
    expect(() => digits('15a')).toThrow(new TypeError('expected a string of digits, got "15a"'))
    expect(() => digits('9'.repeat(40))).toThrow(`got "${'9'.repeat(20)}"`)
  })

  it('serialises as its decision (JSON.stringify of a Reply is the wire form)', () => {
    const built = reply().say('hi').on(1, 2).goto(0)
    expect(JSON.stringify(built)).toBe(JSON.stringify(built.toDecision()))
  })

  it('leaves out an empty menu and an empty set of variables', () => {
    expect(reply().say('x').menu({}).set({}).toDecision()).toStrictEqual({ play: [{ type: 'tts', text: 'x' }] })
  })
})

/** Builder steps with any values, valid or not, as JavaScript (and a cast) could give them at run time. */
type Step =
  | ['say', string]
  | ['play', string, string]
  | ['goto', string]
  | ['on', string, string]
  | ['set', string, string]
  | ['route', string]

const text = fc.oneof(
  fc.constantFrom('', ' ', 'hello', '*', '#', '%', '12', '007', '1.5', '-1', 'a', 'x y', 'my_var', '_v2', '9var'),
  fc.string({ maxLength: 8 }),
)
const longText = fc.constantFrom(1000, 1001, 2000, 2001).map((length) => 'x'.repeat(length))
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(fc.constant('say' as const), fc.oneof(text, longText)),
  fc.tuple(fc.constant('play' as const), text, text),
  fc.tuple(fc.constant('goto' as const), text),
  fc.tuple(fc.constant('on' as const), text, text),
  fc.tuple(fc.constant('set' as const), text, fc.oneof(text, longText)),
  fc.tuple(fc.constant('route' as const), text),
)

/** Run steps through the builder, untyped as run-time values are. */
function build(steps: readonly Step[]): Reply {
  let built = reply()
  for (const [kind, a, b = ''] of steps) {
    const loose = built as unknown as Record<string, (...args: string[]) => Reply>
    if (kind === 'set') built = built.set({ [a]: b })
    else built = loose[kind]?.call(built, a, b) ?? built
  }
  return built
}

/** What the steps mean, by the vendor's rules: the last goto and route win, plays in order, keys merged. */
function model(steps: readonly Step[]): Decision {
  const decision: {
    goto?: string
    play?: unknown[]
    inputs?: Record<string, string>
    variables?: Record<string, string>
  } = {}
  for (const [kind, a, b = ''] of steps) {
    if (kind === 'goto') decision.goto = a
    if (kind === 'say') decision.play = [...(decision.play ?? []), { type: 'tts', text: a }]
    if (kind === 'play') decision.play = [...(decision.play ?? []), { type: 'file', album: a, sort: b }]
    if (kind === 'on') decision.inputs = { ...decision.inputs, [a]: b }
    if (kind === 'set') decision.variables = { ...decision.variables, [a]: b }
  }
  return decision as Decision
}

describe('the problem of a built Reply', () => {
  it('has a problem exactly when the decision schema refuses what it builds, and builds what the steps say', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
        const built = build(steps)
        const decision = built.toDecision()
        expect(decision).toEqual(model(steps))
        expect(built.problem === undefined).toBe(checkDecision(decision).ok)
      }),
      { seed: 20261128, numRuns: 3000 },
    )
  })

  it('says which part is wrong, the first found in goto, play, inputs, variables', () => {
    const cast = (value: string) => value as unknown as 1
    expect(reply().goto(cast('main')).problem).toBe('goto: "main" is not a branch number')
    expect(reply().play(cast('ten'), 2).problem).toBe('play: album and sort must be numbers')
    expect(reply().play(1, cast('two')).problem).toBe('play: album and sort must be numbers')
    expect(reply().say('   ').problem).toBe('play: tts text is empty')
    expect(reply().say('x'.repeat(2001)).problem).toBe('play: tts text is longer than 2000 characters')
    expect(reply().say('x').on(cast('a'), 1).problem).toBe('inputs.a: is not a key a caller can press')
    expect(reply().say('x').on(1, cast('b')).problem).toBe('inputs.1: "b" is not a branch number')
    expect(reply().set({ '9lives': 'x' }).problem).toBe('variables.9lives: is not a valid variable name')
    expect(reply().set({ note: 'x'.repeat(1001) }).problem).toBe('variables.note: longer than 1000 characters')
    expect(reply().goto(cast('a')).say('').problem).toBe('goto: "a" is not a branch number')
    expect(reply().say(42 as unknown as string).problem).toBe('play: tts text is empty')
  })

  it('quotes at most 20 characters of a wrong value or key, and 40 of a variable name', () => {
    const cast = (value: string) => value as unknown as 1
    const long = 'a'.repeat(100)
    const twenty = 'a'.repeat(20)
    expect(reply().goto(cast(long)).problem).toBe(`goto: "${twenty}" is not a branch number`)
    expect(reply().say('x').on(cast(long), 1).problem).toBe(`inputs.${twenty}: is not a key a caller can press`)
    expect(reply().say('x').on(1, cast(long)).problem).toBe(`inputs.1: "${twenty}" is not a branch number`)
    expect(reply().set({ [`9${long}`]: 'x' }).problem).toBe(
      `variables.9${'a'.repeat(39)}: is not a valid variable name`,
    )
  })

  it('takes the limits themselves: 2,000 tts characters, 1,000 variable characters, 50 play items', () => {
    expect(
      reply()
        .say('x'.repeat(2000))
        .set({ note: 'y'.repeat(1000) }).problem,
    ).toBeUndefined()
    let fifty = reply()
    for (let i = 0; i < 50; i++) fifty = fifty.say(`item ${i}`)
    expect(fifty.problem).toBeUndefined()
    expect(fifty.say('one more').problem).toBe('play: more than 50 items')
    expect(fifty.goto(0).problem).toBeUndefined()
  })
})

describe('checking a decision before it is sent', () => {
  it('accepts the vendor response sample as is', () => {
    expect(checkDecision(SEED_RESPONSE)).toEqual({ ok: true, value: SEED_RESPONSE })
  })

  it.each([
    ['a numeric goto', { goto: 150 }, 'goto'],
    ['an unknown field', { goto: '1', hangup: true }, ''],
    ['an empty tts', { play: [{ type: 'tts', text: '  ' }] }, 'play.0.text'],
    ['an unknown play type', { play: [{ type: 'video', album: '1', sort: '1' }] }, 'play.0.type'],
    ['a key nobody can press', { play: [{ type: 'tts', text: 'x' }], inputs: { a: '1' } }, 'inputs.a'],
    ['a variable name with spaces', { variables: { 'my var': 'x' } }, 'variables.my var'],
  ])('refuses %s, saying where', (_, decision, path) => {
    const checked = checkDecision(decision)
    expect(checked.ok).toBe(false)
    expect(!checked.ok && checked.error.map((issue) => issue.path)).toContain(path)
  })

  it('names unknown fields, and each rule it breaks, in words', () => {
    const checked = checkDecision({ goto: 'x', hangup: true, extra: 1 })
    expect(checked).toEqual({
      ok: false,
      error: [
        { path: 'goto', message: 'must be a string of digits' },
        { path: '', message: 'unknown field(s) hangup, extra' },
      ],
    })
    const messages = (decision: unknown) =>
      (checkDecision(decision) as unknown as { error: { message: string }[] }).error
    expect(messages({ play: [{ type: 'tts', text: ' ' }] })).toEqual([
      { path: 'play.0.text', message: 'tts text is empty' },
    ])
    expect(messages({ play: [{ type: 'tts', text: 'x'.repeat(2001) }] })).toEqual([
      { path: 'play.0.text', message: 'tts text is longer than 2000 characters' },
    ])
    expect(messages({ variables: { '1x': 'y' } })[0]).toMatchObject({ message: 'is not a valid variable name' })
    expect(messages({ play: [{ type: 'tts', text: 'x' }], inputs: { a: '1' } })[0]).toMatchObject({
      message: 'is not a key a caller can press',
    })
  })

  it('accepts a key of up to ten digits (an extension, an account number)', () => {
    expect(checkDecision({ play: [{ type: 'tts', text: 'x' }], inputs: { '12': '1', '1234567890': '2' } }).ok).toBe(
      true,
    )
  })

  it.each(['1a', 'a1', '12345678901', '**', ''])('refuses %j as a key (one key, or up to ten digits)', (key) => {
    expect(checkDecision({ play: [{ type: 'tts', text: 'x' }], inputs: { [key]: '1' } }).ok).toBe(false)
  })

  it('is the same schema the builder output always satisfies', () => {
    expect(DecisionSchema().safeParse(reply().say('hi').play(1, 2).on(1, 3).goto(4).toDecision()).success).toBe(true)
  })
})

describe('linting against the portal branches', () => {
  const portal = ['0', '3', '150']

  it('reports goto and input targets that are not on the portal, saying where the caller would go', () => {
    const issues = lintDecision(DecisionSchema().parse(SEED_RESPONSE), portal)
    expect(issues.map((issue) => issue.at)).toEqual(['inputs.4', 'inputs.6'])
    expect(issues[0]).toEqual({
      at: 'inputs.4',
      branch: '2',
      message: 'inputs.4 sends the caller to branch 2, which is not on the portal',
    })
    expect(lintDecision({ goto: '7' }, portal)).toEqual([
      { at: 'goto', branch: '7', message: 'goto sends the caller to branch 7, which is not on the portal' },
    ])
  })

  it('reports inputs with nothing playing, since no key can be pressed', () => {
    expect(lintDecision({ inputs: { '1': '3' } }, portal)).toEqual([
      { at: 'inputs', branch: '', message: 'inputs are only live while something plays, and nothing plays' },
    ])
  })

  it('finds nothing wrong with a decision whose targets exist', () => {
    expect(lintDecision(reply().say('x').on(1, 3).goto(150).toDecision(), portal)).toEqual([])
  })
})
