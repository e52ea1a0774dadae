/** Names of fields that would reach an object's prototype: such a field is dropped. */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor'])
/** Deepest `[key]` nesting rebuilt; a longer name is kept whole, as one field. */
const MAX_BRACKETS = 4

/**
 * Form fields to an object. Nested fields may arrive PHP-style (`branch_data[0][branch]=0`, `phones[]=1`):
 * they are rebuilt as objects, and objects keyed 0..n-1 as arrays. JSON inside a field is left to the schema.
 * Linear in the number of fields: `[]` appends keep a counter per object instead of counting its keys.
 */
export function formToObject(fields: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  const appended = new WeakMap<object, number>()
  for (const [name, value] of fields) {
    const path = fieldPath(name)
    if (path.some((key) => UNSAFE_KEYS.has(key))) continue
    let node = root
    const last = path.length - 1
    for (let index = 0; index < last; index++) {
      const slot = slotIn(appended, node, path[index] as string)
      // Only strings and objects built here are in the tree: a string in the way gives way to the deeper field.
      if (typeof node[slot] !== 'object') node[slot] = {}
      node = node[slot] as Record<string, unknown>
    }
    node[slotIn(appended, node, path[last] as string)] = value
  }
  return arraysFromIndexedObjects(root) as Record<string, unknown>
}

/** Where `key` goes in `node`: itself, or for `[]` the next index (counted in `appended`). */
function slotIn(appended: WeakMap<object, number>, node: object, key: string): string {
  if (key !== '') return key
  const next = appended.get(node) ?? 0
  appended.set(node, next + 1)
  return String(next)
}

function fieldPath(name: string): string[] {
  const open = name.indexOf('[')
  if (open <= 0 || !name.endsWith(']')) return [name]
  const keys = name.slice(open + 1, -1).split('][')
  if (keys.length > MAX_BRACKETS || keys.some((key) => key.includes('[') || key.includes(']'))) return [name]
  return [name.slice(0, open), ...keys]
}

function arraysFromIndexedObjects(value: unknown): unknown {
  if (typeof value !== 'object') return value // a field's string (the tree holds no null)
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  for (const key of keys) record[key] = arraysFromIndexedObjects(record[key])
  const indexed = keys.length > 0 && keys.every((key, index) => key === String(index))
  return indexed ? keys.map((key) => record[key]) : record
}
