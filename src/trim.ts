/**
 * `text.trim()`, without the call when `text` cannot change: it starts and ends with a printable ASCII character
 * (`!` to `~`), which no whitespace is. Every field of every Trigger is trimmed; nearly all arrive so.
 */
export function trimmed(text: string): string {
  const last = text.length - 1
  if (last < 0) return text
  const first = text.charCodeAt(0)
  const end = text.charCodeAt(last)
  return first > 32 && first < 127 && end > 32 && end < 127 ? text : text.trim()
}
