import type * as z from 'zod/mini'

/**
 * What a schema issue says about a field: what is wrong and what is allowed (`expected "en" or "es"`), never the
 * value itself (a setting may be a secret, a caller record personal data). zod/mini carries no English messages, so
 * the text is built from the issue's data; a schema's own message (a `regex(…, 'must be …')`) is kept.
 */
export function issueMessage(issue: z.core.$ZodIssue, input?: unknown): string {
  const own = ownMessage(issue)
  switch (issue.code) {
    case 'invalid_type':
      if (input !== undefined && valueAt(input, issue.path) === undefined)
        return `is required (${article(issue.expected)})`
      return `expected ${article(issue.expected)}`
    case 'invalid_value':
      return `expected ${oneOf(issue.values)}`
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`
    case 'invalid_union': {
      if (own) return own
      // Maps that each lack a key of their own: name the keys ("a step with "press", "wait"… or "expect"").
      const keys = issue.errors.map((errors) => errors.find((error) => isMissing(error, valueAt(input, issue.path))))
      if (keys.every((key) => key !== undefined) && keys.length > 1)
        return `expected a map with ${oneOf(keys.map((key) => key?.path[0]))}`
      // One reason per alternative: "expected a branch number or "hangup"".
      const reasons = issue.errors.flatMap((errors) => (errors[0] ? [issueMessage(errors[0])] : []))
      const expected = [...new Set(reasons.map((reason) => reason.replace(/^(?:expected|must be) /, '')))]
      return expected.length > 0 ? `expected ${alternatives(expected)}` : 'matches none of the allowed forms'
    }
    case 'too_small':
      return own ?? `expected at least ${issue.minimum}${unit(issue.origin)}`
    case 'too_big':
      return own ?? `expected at most ${issue.maximum}${unit(issue.origin)}`
    case 'invalid_format':
      return own ?? `expected ${article(issue.format)}`
    default:
      return own ?? 'is not valid'
  }
}

/**
 * The issues of the alternative a value was meant to be, in place of "matches no alternative": the one alternative
 * of the right kind with every key it needs (a step with `expect:` is an expectation; its own field is what is wrong).
 */
export function expandUnions(issues: readonly z.core.$ZodIssue[], input: unknown): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue]
    const value = valueAt(input, issue.path)
    // Of the right kind: no error about the value as a whole (but keys it should not have), none about a key it lacks.
    const fitting = issue.errors.filter((errors) =>
      errors.every(
        (error) => !isMissing(error, value) && (error.path.length > 0 || error.code === 'unrecognized_keys'),
      ),
    )
    const [only] = fitting
    if (fitting.length !== 1 || !only) return [issue]
    return expandUnions(
      only.map((error) => ({ ...error, path: [...issue.path, ...error.path] })),
      input,
    )
  })
}

/** An issue about a key the value does not have (so a required one: an optional key missing raises none). */
function isMissing(issue: z.core.$ZodIssue, value: unknown): boolean {
  return issue.path.length === 1 && valueAt(value, issue.path) === undefined
}

/** The schema's own message, unless it is zod's placeholder. */
function ownMessage(issue: z.core.$ZodIssue): string | undefined {
  return issue.message && !issue.message.startsWith('Invalid input') ? issue.message : undefined
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of fields',
  url: 'a URL',
  email: 'an email address',
  regex: 'text of the documented form',
}

function article(kind: string): string {
  return NOUNS[kind] ?? kind
}

function unit(origin: string): string {
  return origin === 'array' || origin === 'set' ? ' item(s)' : origin === 'string' ? ' character(s)' : ''
}

/** `"a" or "b"`: the values allowed, as JSON. */
export function oneOf(values: readonly unknown[]): string {
  return alternatives(values.map((value) => JSON.stringify(value)))
}

/** `a`, `a or b`, `a, b or c`. */
function alternatives(options: readonly string[]): string {
  if (options.length <= 1) return options[0] ?? 'nothing'
  return `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`
}
