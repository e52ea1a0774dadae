import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { trimmed } from '../../src/trim.ts'

const RUNS = { seed: 20261207, numRuns: 3000 }

/** Every character `trim` removes (ECMAScript WhiteSpace and LineTerminator), and neighbours that it keeps. */
const EDGE_CHARACTERS = [
  ...'\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a',
  ...'\u2028\u2029\u202f\u205f\u3000\ufeff',
  ...'\u0000\u001f!~\u007f\u0085\u00a1\u180e\u200b',
  'a',
  '7',
]
const text = fc.string({
  unit: fc.oneof(fc.constantFrom(...EDGE_CHARACTERS), fc.string({ maxLength: 1 })),
  maxLength: 8,
})

describe('trimmed text', () => {
  it('is what String.prototype.trim gives, for any text', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(trimmed(value)).toBe(value.trim())
      }),
      RUNS,
    )
  })
})
