import { type Rejection, type Result, reject } from '../errors.ts'

/** The bounds of `BodyLimits` that a body's shape is checked against. */
interface ComplexityLimits {
  /** Deepest nesting. */
  readonly maxDepth: number
  /** Most values in all. */
  readonly maxValues: number
}

/**
 * Bounds the work any later step can be made to do, whatever the body: nesting depth and the number of values, with
 * JSON text inside string fields (how forms carry arrays) counted as if it were parsed, by a linear scan.
 */
export function checkComplexity(value: unknown, limits: ComplexityLimits): Result<unknown> {
  // Two stacks side by side, so no pair is allocated per value.
  const nodes: unknown[] = [value]
  const depths: number[] = [1]
  let values = 0
  while (nodes.length > 0) {
    const node = nodes.pop()
    const depth = depths.pop() as number
    if (typeof node === 'string') {
      // JSON text in a field takes the field's place: its outermost level is at the field's depth.
      const inner = jsonTextValues(node, limits.maxDepth - depth + 1)
      if (inner === undefined) return tooComplex(`nesting deeper than ${limits.maxDepth} levels`)
      values += inner
      if (values > limits.maxValues) return tooComplex(`more than ${limits.maxValues} values`)
      continue
    }
    if (node === null || typeof node !== 'object') continue
    if (depth > limits.maxDepth) return tooComplex(`nesting deeper than ${limits.maxDepth} levels`)
    const children = Array.isArray(node) ? node : Object.values(node)
    values += children.length
    if (values > limits.maxValues) return tooComplex(`more than ${limits.maxValues} values`)
    for (const child of children) {
      nodes.push(child)
      depths.push(depth + 1)
    }
  }
  return { ok: true, value }
}

/**
 * The number of values in JSON text, by one pass over its characters (no parse, no recursion): each opening bracket
 * and each comma outside strings counts one, which is what a later `JSON.parse` of it would build (one more for an
 * empty container). Undefined once nested deeper than `maxDepth`, where the scan stops. Text that is not JSON-like
 * holds no values.
 */
function jsonTextValues(field: string, maxDepth: number): number | undefined {
  const text = field.trimStart()
  if (text[0] !== '{' && text[0] !== '[') return 0
  let depth = 0
  let values = 0
  let inString = false
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at)
    if (inString) {
      if (char === 92)
        at++ // backslash: skip the escaped character
      else if (char === 34) inString = false
      continue
    }
    if (char === 34) inString = true
    else if (char === 123 || char === 91) {
      values++
      if (++depth > maxDepth) return undefined
    } else if (char === 125 || char === 93) depth--
    else if (char === 44) values++
  }
  return values
}

/** A body refused for the work it would take (`too_complex`), saying what is too much. */
export function tooComplex(what: string): { ok: false; error: Rejection } {
  return { ok: false, error: reject('too_complex', `the body has ${what}`) }
}
