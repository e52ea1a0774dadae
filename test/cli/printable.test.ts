import { describe, expect, it } from 'vitest'
import { printable } from '../../cli/printable.ts'

describe('text from a user file, printed by the CLI', () => {
  it('shows control characters as escapes, so a config cannot clear the screen or fake a line', () => {
    expect(printable('a\u001b[2J\nerror: fake\r')).toBe('a\\u{1b}[2J\\u{a}error: fake\\u{d}')
  })

  it('shows the invisible characters that reorder or hide text (bidi overrides, zero-width spaces)', () => {
    expect(printable('TIME\u202eENOZ\u200b\ufeff')).toBe('TIME\\u{202e}ENOZ\\u{200b}\\u{feff}')
  })

  it('leaves other text as it is, accents and emoji included', () => {
    expect(printable('Zürich 📞 "…"')).toBe('Zürich 📞 "…"')
  })
})
