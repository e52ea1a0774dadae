import { describe, expect, it } from 'vitest'
import { liveKeys, nextEntry } from '../../cli/page/keys.ts'

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']

/** The keys a caller presses, one by one on the page's keypad: what reaches the call. */
function send(keys: string, live: readonly string[]): string[] {
  let entry = ''
  const sent: string[] = []
  for (const key of keys) {
    const next = nextEntry(entry, key, live)
    entry = next.entry
    if (next.send !== undefined) sent.push(next.send)
  }
  return sent
}

describe('the keypad while inputs are live', () => {
  it('sends each key at once when every live input is one key', () => {
    expect(send('12', ['1', '2'])).toEqual(['1', '2'])
    expect(send('7', ['%'])).toEqual(['7'])
  })

  it('collects the digits of a longer input, and # ends an entry that a longer input would extend', () => {
    expect(send('25', ['1', '25'])).toEqual(['25'])
    expect(send('1', ['1', '10'])).toEqual([])
    expect(send('1#', ['1', '10'])).toEqual(['1'])
    expect(send('9', ['1', '10'])).toEqual(['9'])
  })

  it('marks the keys that lead somewhere next', () => {
    expect([...liveKeys('', ['1', '2'], KEYPAD)]).toEqual(['1', '2'])
    expect([...liveKeys('', ['1', '25'], KEYPAD)].sort()).toEqual(['1', '2'])
    expect([...liveKeys('1', ['1', '10'], KEYPAD)].sort()).toEqual(['#', '0'])
    expect(liveKeys('', ['%'], KEYPAD).size).toBe(12)
  })
})
