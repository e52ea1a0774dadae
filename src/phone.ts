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

const NANP = /^[2-9]\d{2}[2-9]\d{6}$/

/** The national ten digits of a North American number (punctuation ignored, a leading 1 dropped), or undefined. */
export function tenDigits(input: string): string | undefined {
  const digits = input.replace(/\D/g, '')
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits
  return national.length === 10 ? national : undefined
}

/** Normalise a phone number the same way everywhere: requests, stores and imports. */
export function parsePhone(input: string): Phone {
  const raw = trimmed(input)
  const national = tenDigits(raw)
  if (national && NANP.test(national)) return { raw, nanp: national, e164: `+1${national}` }
  const digits = raw.replace(/\D/g, '')
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
  const digits = phone.raw.replace(/\D/g, '')
  return digits.length > 0 ? digits : undefined
}
