import { describe, expect, it } from 'vitest'
import { checkDecision, DecisionSchema, decisionJson, digits, lintDecision, reply } from '../../src/index.ts'
import { SEED_RESPONSE } from '../fixtures/seed.ts'

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

  it('digits() refuses a runtime value that is not digits', () => {
    expect(() => digits('15a')).toThrow(TypeError)
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

  it('is the same schema the builder output always satisfies', () => {
    expect(DecisionSchema.safeParse(reply().say('hi').play(1, 2).on(1, 3).goto(4).toDecision()).success).toBe(true)
  })
})

describe('linting against the portal branches', () => {
  const portal = ['0', '3', '150']

  it('reports goto and input targets that are not on the portal', () => {
    const issues = lintDecision(DecisionSchema.parse(SEED_RESPONSE), portal)
    expect(issues.map((issue) => issue.at)).toEqual(['inputs.4', 'inputs.6'])
  })

  it('reports inputs with nothing playing, since no key can be pressed', () => {
    expect(lintDecision({ inputs: { '1': '3' } }, portal)).toHaveLength(1)
  })

  it('finds nothing wrong with a decision whose targets exist', () => {
    expect(lintDecision(reply().say('x').on(1, 3).goto(150).toDecision(), portal)).toEqual([])
  })
})
