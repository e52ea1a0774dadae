/**
 * Text from a user's files made safe to print on one terminal line: control characters (an escape sequence that
 * clears the screen, a newline that fakes a line of ours) are shown as `\u{…}` instead of acted on.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is escaped
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`)
}
