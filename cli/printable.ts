// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is escaped
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g

/**
 * Text from a user's files made safe to print on one terminal line: control characters (an escape sequence that
 * clears the screen, a newline that fakes a line of ours), and the invisible ones that reorder or hide text (bidi
 * overrides, zero-width spaces), are shown as `\u{…}` instead of acted on.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`)
}
