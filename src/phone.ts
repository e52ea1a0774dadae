import { trimmed } from './trim.ts'

/** A caller's number in the forms a flow or a store needs. */
export interface Phone {
  /** As the platform sent it, trimmed. */
  readonly raw: string
  /** Ten-digit North American number (`8459511000`), when the number is a valid NANP number. */
  readonly nanp: string | undefined
  /** E.164 (`+18459511000`), when the number is valid NANP or was sent with a leading `+`. */
  readonly e164: string | undefined
}

/** `text`'s ASCII digits in order; the text itself when it is nothing else, as the platform sends numbers. */
function asciiDigits(text: string): string {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 48 || code > 57) return text.replace(/[^0-9]/g, '')
  }
  return text
}

/** Of a number's digits, the national ten of a North American number (a leading 1 dropped), or undefined. */
function nationalDigits(digits: string): string | undefined {
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits
  return national.length === 10 ? national : undefined
}

/** The national ten digits of a North American number (punctuation ignored, a leading 1 dropped), or undefined. */
export function tenDigits(input: string): string | undefined {
  return nationalDigits(asciiDigits(input))
}

/** Normalise a phone number the same way everywhere: requests, stores and imports. */
export function parsePhone(input: string): Phone {
  const raw = trimmed(input)
  const digits = asciiDigits(raw)
  const national = nationalDigits(digits)
  // NANP: the area code and the exchange start with 2–9 (`'2'` is code 50).
  if (national && national.charCodeAt(0) >= 50 && national.charCodeAt(3) >= 50)
    return { raw, nanp: national, e164: `+1${national}` }
  const international = raw.startsWith('+') && digits.length >= 8 && digits.length <= 15
  return { raw, nanp: undefined, e164: international ? `+${digits}` : undefined }
}

/**
 * The key a caller record is stored under: E.164 when the number has one, otherwise its digits.
 * `+18459511000`, `18459511000`, `(845) 951-1000` and `8459511000` all give `+18459511000`.
 */
export function phoneKey(input: string): string | undefined {
  const phone = parsePhone(input)
  if (phone.e164) return phone.e164
  const digits = asciiDigits(phone.raw)
  return digits.length > 0 ? digits : undefined
}
