/**
 * What a key press sends while inputs are live. One-key inputs go at once. When a live input is longer than one key
 * (`10`, `25`), digits are collected until no live input extends them, or `#` ends the entry.
 */
export function nextEntry(entry: string, key: string, live: readonly string[]): { entry: string; send?: string } {
  if (!live.some((input) => input.length > 1)) return { entry: '', send: key }
  if (key === '#') return { entry: '', send: entry === '' ? '#' : entry }
  const typed = entry + key
  if (live.some((input) => input.length > typed.length && input.startsWith(typed))) return { entry: typed }
  return { entry: '', send: typed }
}

/** The keypad keys that lead somewhere now: each live input's next key after the entry so far (`%`: every key). */
export function liveKeys(entry: string, live: readonly string[], keypad: readonly string[]): Set<string> {
  if (live.includes('%')) return new Set(keypad)
  const next = live
    .filter((input) => input.startsWith(entry) && input.length > entry.length)
    .map((input) => input[entry.length] ?? '')
  if (entry !== '' && live.includes(entry)) next.push('#')
  return new Set(next.filter((key) => keypad.includes(key)))
}
