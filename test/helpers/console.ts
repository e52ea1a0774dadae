import { type MockInstance, vi } from 'vitest'

/** Log lines a platform entry writes through `console.log` (its JSON logger), caught and parsed. */
export function catchConsoleLines(): { readonly spy: MockInstance; records(): Record<string, unknown>[] } {
  const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
  return {
    spy,
    records: () =>
      spy.mock.calls.flatMap(([line]) => {
        try {
          return [JSON.parse(String(line)) as Record<string, unknown>]
        } catch {
          return []
        }
      }),
  }
}
