import { lazily } from './lazily.ts'

/** What a masked value is replaced with, wherever card data or a secret is cut out. */
export const REDACTED = '[redacted]'

const KEYED_DIGITS = /^[0-9]{1,19}$/
/** After a card keyed as inputs, how many steps on its expiry, cvv and zip may be keyed (a confirmation between). */
const STEPS_AFTER_CARD = 4
/** What the caller keys for an expiry (MMYY, MMYYYY), a cvv (3–4) or a zip (5): masked after a keyed card. */
const CARD_DETAIL = /^[0-9]{3,6}$/

/**
 * Steps of a call's path (`{branch, input}`) whose inputs are a card keyed at portal menus: digit inputs in a row
 * that together make 13–19 digits keyed as a card is printed (at one prompt, in fours, or 4-6-5 / 4-6-4), and the
 * 3–6-digit inputs keyed just after it (expiry, cvv, zip). Undefined for a list that is not a path, or holds no card.
 * Menu keys before the card stay readable: a 1-digit input does not start a card.
 */
export function keyedCardSteps(items: readonly unknown[]): Set<number> | undefined {
  const first = items[0]
  if (first === null || typeof first !== 'object' || typeof (first as { input?: unknown }).input !== 'string')
    return undefined
  const sizes = items.map((item) => {
    const input = item !== null && typeof item === 'object' ? (item as { input?: unknown }).input : undefined
    return typeof input === 'string' && KEYED_DIGITS.test(input) ? input.length : 0
  })
  let keyed: Set<number> | undefined
  for (let start = 0; start < sizes.length; start++) {
    const end = keyedCardEnd(sizes, start)
    if (end < 0) continue
    keyed ??= new Set()
    for (let step = start; step <= end; step++) keyed.add(step)
    // Its expiry, cvv and zip come next (they are not the start of another card).
    let step = end + 1
    for (; step <= end + STEPS_AFTER_CARD && (sizes[step] ?? 0) > 0; step++)
      if (CARD_DETAIL.test(String((items[step] as { input: string }).input))) keyed.add(step)
    start = step - 1
  }
  return keyed
}

/** The last step of the longest card keyed from `start` (inputs of `sizes` digits; 0 for none), or -1. */
function keyedCardEnd(sizes: readonly number[], start: number): number {
  let total = 0
  let end = -1
  for (let step = start; (sizes[step] ?? 0) > 0; step++) {
    const size = sizes[step] ?? 0
    total += size
    if (total > 19) break
    const amex = step === start + 1 && size === 6 && total === 10
    if (total >= 13 && (step === start || size <= 4 || (step === start + 2 && total - size === 10))) end = step
    // Only fours, or Amex's 4 then 6, go on to another group.
    if (!((size === 4 && total % 4 === 0) || amex)) break
  }
  return end
}

/**
 * Free text with card numbers and expiry and security-code phrases masked, and `secrets` (the request's own card
 * values) cut out.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let clean = maskCardData(text)
  for (const secret of secrets) if (secret.length >= 3) clean = cutOut(clean, secret)
  return clean
}

/** Words that may introduce an expiry or a security code: only text holding one is searched further. */
const PHRASE_HINT = /exp|thru|through|cv|csc|cid|code/i
/**
 * Between a phrase's words and its value: spaces, `:`, `=`, `#`, `is`. Every repeat in these patterns is bounded, so
 * a long run of spaces costs linear time, not quadratic.
 */
const GAP = String.raw`(?:[\s:=#]|\bis\b){0,6}`
/** "exp 12/25", "Expires: 01/2031", "valid thru 1225": the words kept, the month and year masked. */
const EXPIRY_PHRASE = new RegExp(
  String.raw`(\b(?:exp(?:iry|iration|ires)?\.?(?:\s{0,2}date)?|(?:valid|good)\s{1,3}(?:thru|through|until))${GAP})(?:0?[1-9]|1[0-2])\s{0,2}[/\-.]?\s{0,2}(?:20)?[0-9]{2}(?![0-9])`,
  'gi',
)
/** "cvc 737", "CVV2: 0421", "security code is 123": the words kept, the code masked. */
const SECURITY_CODE_PHRASE = new RegExp(
  String.raw`(\b(?:cvv2?|cvc2?|cvn|csc|cid|sec(?:urity)?\.?\s{0,2}code)${GAP})[0-9]{3,4}(?![0-9])`,
  'gi',
)

/** Expiry dates and security codes written after the words that name them, masked. */
function maskCardPhrases(text: string): string {
  if (!PHRASE_HINT.test(text)) return text
  return text.replace(EXPIRY_PHRASE, `$1${REDACTED}`).replace(SECURITY_CODE_PHRASE, `$1${REDACTED}`)
}

const WORD_CHAR = /[\p{L}\p{N}]/u

/**
 * `secret` cut out wherever it stands on its own: not inside a longer run of letters or digits. A cvv `312` goes
 * out of the text "typed 312", but a call id `AST10-1689867312.264` and a number `8005550123` keep their digits.
 */
function cutOut(text: string, secret: string): string {
  let result = ''
  let from = 0
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    const end = at + secret.length
    if (WORD_CHAR.test(text[at - 1] ?? '') || WORD_CHAR.test(text[end] ?? '') || at < from) continue
    result += `${text.slice(from, at)}${REDACTED}`
    from = end
  }
  return result + text.slice(from)
}

const ANY_DIGIT = /\p{Nd}/u
/** Separators seen inside written card numbers: spaces of every kind, dashes, dots, slashes, underscores. */
const SEPARATOR = /^[\s\u00a0\u2000-\u200b\u202f\u3000.\-\u2010-\u2015\u2212_/\\|·•]{1,3}$/u

/**
 * The value of a decimal digit of any script (a code point): its place in its run of ten. Unicode encodes each
 * script's digits as runs of ten code points from zero; where runs touch, the place counts on from the first.
 */
function digitValue(code: number): number {
  if (code < 128) return code - 48
  let place = 0
  while (ANY_DIGIT.test(String.fromCodePoint(code - place - 1))) place++
  return place % 10
}

/** The Luhn check over `digits[from, to)`, which every real card number passes. */
function luhn(digits: Uint8Array, from: number, to: number): boolean {
  let sum = 0
  for (let index = to - 1, place = 0; index >= from; index--, place++) {
    const digit = digits[index] ?? 0
    sum += place % 2 === 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
  }
  return sum % 10 === 0
}

/**
 * Mask card-number-like digits in free text: 13–19 digits written as card numbers are (one run, or groups separated
 * by one or two spaces, dashes, dots or slashes), any grouping of short groups that passes Luhn, and any longer run
 * (a card number run together with its expiry); in any script's digits (full-width, Arabic-Indic, Osmanya…, read
 * after Unicode normalisation), wherever they sit (`x4929123456789012y`).
 * Call ids such as `AST10-1689867312.264` and dates are not card-shaped and stay readable.
 */
export function maskCardNumbers(text: string): string {
  // The same text comes again and again: a request's call id is in each of its log lines.
  if (text === lastMasked.text) return lastMasked.masked
  const masked = maskWithoutCache(text, false)
  lastMasked = { text, masked }
  return masked
}

let lastMasked = { text: '', masked: '' }

/** Card numbers, and expiry and security-code phrases, masked: what every logged string goes through. */
function maskCardData(text: string): string {
  if (text === lastData.text) return lastData.masked
  const masked = maskWithoutCache(text, true)
  lastData = { text, masked }
  return masked
}

let lastData = { text: '', masked: '' }

/** Fewest digits card data holds: a phrase's value has three at least, a card number thirteen. */
const FEWEST_PHRASE_DIGITS = 3
const FEWEST_CARD_DIGITS = 13

/** ASCII text with fewer digits than any card data holds: masking leaves it as it is. */
export function holdsNoCardData(text: string): boolean {
  let digitCount = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code > 127) return false
    if (code >= 48 && code <= 57 && ++digitCount >= FEWEST_PHRASE_DIGITS) return false
  }
  return true
}

function maskWithoutCache(text: string, phrases: boolean): string {
  let digitCount = 0
  let ascii = true
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 48 && code <= 57) digitCount++
    else if (code > 127) ascii = false
  }
  if (ascii && (digitCount < FEWEST_CARD_DIGITS || !asciiMayHoldCardNumber(text)))
    return phrases && digitCount >= FEWEST_PHRASE_DIGITS ? maskCardPhrases(text) : text
  const source = ascii ? text : text.normalize('NFKC')
  const masks = cardSpans(source, ascii)
  if (masks.length === 0) return phrases ? maskCardPhrases(text) : text
  let masked = ''
  let from = 0
  for (const [start, end] of masks) {
    masked += `${source.slice(from, start)}${REDACTED}`
    from = end
  }
  masked += source.slice(from)
  return phrases ? maskCardPhrases(masked) : masked
}

/** Most digits in one group of a card number written in groups (an Amex's middle six). */
const LONGEST_CARD_GROUP = 6

/**
 * Whether ASCII `text` may hold what `cardSpans` masks: a run of 13 or more digits, or groups of at most six digits,
 * each joined to the next by one to three separators, that hold 13 or more together. A vendor call id
 * (`AST10-1689867312.264`: its ten-digit group stands alone) holds neither, and is let through without that work.
 */
function asciiMayHoldCardNumber(text: string): boolean {
  const separators = asciiSeparators()
  let group = 0
  let chain = 0
  // Characters since the last digit, all separators; -1 once one is not (or before the first digit).
  let gap = -1
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : -1
    if (code >= 48 && code <= 57) {
      if (group === 0 && (gap < 1 || gap > 3)) chain = 0
      group++
      gap = 0
      continue
    }
    if (group > 0) {
      if (group >= FEWEST_CARD_DIGITS) return true
      // A longer group is only masked alone: no group joined to it can make a card number with it.
      chain = group > LONGEST_CARD_GROUP ? 0 : chain + group
      if (chain >= FEWEST_CARD_DIGITS) return true
      group = 0
    }
    gap = gap >= 0 && code >= 0 && separators[code] === 1 ? gap + 1 : -1
  }
  return false
}

/**
 * Which ASCII characters `SEPARATOR` takes (whitespace, `.`, `-`, `_`, `/`, `\\`, `|`), read from it on first use:
 * 128 tests of it cost an import ~0.1 ms.
 */
const asciiSeparators = /* @__PURE__ */ lazily(() =>
  Uint8Array.from({ length: 128 }, (_, code) => (SEPARATOR.test(String.fromCharCode(code)) ? 1 : 0)),
)

/** Where card-number-like digits stand in `source` (already normalised), as `[start, end)` spans in order. */
function cardSpans(source: string, ascii: boolean): [number, number][] {
  // Digit groups: where each starts and ends in the text, and where its digits start in `digits`.
  const digits = new Uint8Array(source.length)
  const starts: number[] = []
  const ends: number[] = []
  const offsets: number[] = []
  let count = 0
  // By code point: some scripts' digits lie outside the BMP (Osmanya, Brahmi, Adlam…).
  for (let index = 0, width = 1; index < source.length; index += width) {
    const code = ascii ? source.charCodeAt(index) : (source.codePointAt(index) ?? 0)
    width = code > 0xffff ? 2 : 1
    if (!((code >= 48 && code <= 57) || (code > 127 && ANY_DIGIT.test(String.fromCodePoint(code))))) continue
    if (ends.at(-1) !== index) {
      starts.push(index)
      offsets.push(count)
      ends.push(index)
    }
    digits[count++] = digitValue(code)
    ends[ends.length - 1] = index + width
  }
  offsets.push(count)
  const groups = starts.length
  // Whether each group follows the one before it across a separator of one to three characters (the first's is unused).
  const joined = starts.map((start, group) => SEPARATOR.test(source.slice(ends[group - 1], start)))
  const masks: [number, number][] = []
  for (let first = 0; first < groups; first++) {
    let ones = true
    let foursBefore = true
    let short = true
    for (let last = first; last < groups; last++) {
      if (last > first && !joined[last]) break
      const size = (offsets[last + 1] ?? 0) - (offsets[last] ?? 0)
      const total = (offsets[last + 1] ?? 0) - (offsets[first] ?? 0)
      if (total > 19) {
        // A longer run can hold a card number run together with more digits (its expiry): it is masked whole.
        if (last === first) addSpan(masks, starts[first] ?? 0, ends[first] ?? 0)
        break
      }
      if (last > first && (offsets[last] ?? 0) - (offsets[last - 1] ?? 0) !== 4) foursBefore = false
      ones &&= size === 1
      short &&= size <= LONGEST_CARD_GROUP
      if (total < FEWEST_CARD_DIGITS) continue
      const amex =
        last - first === 2 &&
        (offsets[first + 1] ?? 0) - (offsets[first] ?? 0) === 4 &&
        (offsets[first + 2] ?? 0) - (offsets[first + 1] ?? 0) === 6 &&
        (size === 5 || size === 4)
      const written = last === first || ones || amex || (foursBefore && size <= 4)
      // Other groupings of short groups count when the digits pass Luhn, as every real card number does.
      if (written || (short && luhn(digits, offsets[first] ?? 0, offsets[last + 1] ?? 0)))
        addSpan(masks, starts[first] ?? 0, ends[last] ?? 0)
    }
  }
  return masks
}

/** `[start, end)` added to `spans` (in order), merged with the last one where they overlap. */
function addSpan(spans: [number, number][], start: number, end: number): void {
  const previous = spans.at(-1)
  if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end)
  else spans.push([start, end])
}
