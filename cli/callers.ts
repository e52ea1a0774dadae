import * as z from 'zod/mini'
import { expandUnions, issueMessage } from '../src/_internal.ts'
import { type CallerStore, memoryStore, phoneKey } from '../src/index.ts'
import { FILE_LIMITS, FORBIDDEN_KEYS, parseJsonText, readUserText, UsageError } from './files.ts'
import { loadPeer } from './peers.ts'

/** One caller ready to store, or why its row cannot be. */
export type CallerRow =
  /** `row`: the CSV line, or the JSON record's position, both from 1. */
  | { readonly row: number; readonly key: string; readonly record: Record<string, unknown> }
  | { readonly row: number; readonly error: string }

/** A record read from a file, with the row that names it. */
interface ReadRecord {
  readonly row: number
  readonly value: unknown
}

/**
 * Read callers from a JSON file (an array of records with `phone`, or an object keyed by phone) or a CSV file
 * (a header row; `order.id` columns nest, a `:number` or `:boolean` suffix types a column). A second row with the
 * same phone is a bad row, naming the first: a store keeps one record per phone.
 */
export async function readCallers(path: string, schema?: z.core.$ZodType): Promise<CallerRow[]> {
  const text = await readUserText(path, FILE_LIMITS.callers)
  const csv = path.toLowerCase().endsWith('.csv')
  const records = csv ? await fromCsv(text, path) : fromJson(text, path)
  const where = csv ? 'line' : 'record'
  const firstRow = new Map<string, number>()
  return records.map(({ row, value }) => {
    const read = toRow(value, row, schema)
    if (!('key' in read)) return read
    const first = firstRow.get(read.key)
    if (first !== undefined) return { row, error: `phone ${read.key} again (first at ${where} ${first})` }
    firstRow.set(read.key, row)
    return read
  })
}

function fromJson(text: string, path: string): ReadRecord[] {
  const data = parseJsonText(text, path)
  // A JSON record is named by its position, from 1.
  if (Array.isArray(data)) return data.map((value, index) => ({ row: index + 1, value }))
  if (data !== null && typeof data === 'object')
    return Object.entries(data).map(([phone, record], index) => ({
      row: index + 1,
      value: record !== null && typeof record === 'object' && !Array.isArray(record) ? { ...record, phone } : record,
    }))
  throw new UsageError(`${path}: a callers JSON file holds an array of records or an object keyed by phone`)
}

/** A CSV column: where its value goes in the record, and its type. */
interface Column {
  readonly keys: readonly string[]
  readonly type: 'string' | 'number' | 'boolean'
}

/** The header's columns, refused (naming the column) when a path could reach a prototype or two paths collide. */
function csvColumns(header: readonly string[], path: string): Column[] {
  const refuse = (column: string, why: string) => new UsageError(`${path}: column "${column}" ${why}`)
  const leaves = new Set<string>()
  const branches = new Set<string>()
  return header.map((column) => {
    const [at = '', type = 'string', ...extra] = column.split(':')
    if (extra.length > 0 || (type !== 'string' && type !== 'number' && type !== 'boolean'))
      throw refuse(column, 'has an unknown type (a column may end in :number or :boolean)')
    const keys = at.split('.')
    if (keys.some((key) => key === '')) throw refuse(column, 'has an empty name or path segment')
    const forbidden = keys.find((key) => FORBIDDEN_KEYS.has(key))
    if (forbidden) throw refuse(column, `uses "${forbidden}", which is not allowed in a column path`)
    // `order` and `order.id` cannot both be: one is a value, the other an object.
    if (leaves.has(at) || branches.has(at)) throw refuse(column, 'repeats or contains another column')
    for (let end = 1; end < keys.length; end++) {
      const prefix = keys.slice(0, end).join('.')
      if (leaves.has(prefix)) throw refuse(column, `nests inside column "${prefix}"`)
      branches.add(prefix)
    }
    leaves.add(at)
    return { keys, type }
  })
}

async function fromCsv(text: string, path: string): Promise<ReadRecord[]> {
  const { parse } = await loadPeer('csv-parse', `reading ${path}`, () => import('csv-parse/sync'))
  let rows: { record: string[]; info: { lines: number } }[]
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, info: true }) as unknown as typeof rows
  } catch (error) {
    // csv-parse's messages quote the field: only its kind of problem and the line are said.
    const { code, lines } = error as { code?: unknown; lines?: unknown }
    const kind = typeof code === 'string' ? code.toLowerCase().replace(/^csv_/, '').replaceAll('_', ' ') : 'error'
    throw new UsageError(`${path}: not valid CSV${typeof lines === 'number' ? ` at line ${lines}` : ''} (${kind})`)
  }
  const [header, ...body] = rows
  if (!header) return []
  const columns = csvColumns(header.record, path)
  return body.map(({ record: fields, info }) => {
    // Records have no prototype: no column path can read or write through one.
    const record: Record<string, unknown> = Object.create(null)
    columns.forEach(({ keys, type }, index) => {
      const raw = fields[index] ?? ''
      if (raw === '') return
      let node = record
      for (const key of keys.slice(0, -1)) {
        node[key] ??= Object.create(null)
        node = node[key] as Record<string, unknown>
      }
      node[keys.at(-1) as string] = type === 'number' ? Number(raw) : type === 'boolean' ? raw === 'true' : raw
    })
    // A CSV row is named by its line (the header is line 1).
    return { row: info.lines, value: record }
  })
}

function toRow(value: unknown, row: number, schema: z.core.$ZodType | undefined): CallerRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { row, error: 'not an object' }
  const { phone, ...record } = value as Record<string, unknown>
  const key = typeof phone === 'string' || typeof phone === 'number' ? phoneKey(String(phone)) : undefined
  if (!key) return { row, error: 'no usable phone number' }
  if (schema) {
    const parsed = z.safeParse(schema, record)
    if (!parsed.success) {
      const [issue] = expandUnions(parsed.error.issues, record)
      const problem = issue ? issueMessage(issue, record) : 'is not valid'
      return { row, error: `${issue?.path.join('.') || 'record'}: ${problem}` }
    }
  }
  return { row, key, record }
}

/** Rows that could not be read, as lines naming each (at most `limit`). */
export function describeBadRows(path: string, rows: readonly CallerRow[], limit = 5): string[] {
  const bad = rows.filter((row): row is Extract<CallerRow, { error: string }> => 'error' in row)
  const where = path.toLowerCase().endsWith('.csv') ? 'line' : 'record'
  return bad.slice(0, limit).map((row) => `${where} ${row.row}: ${row.error}`)
}

/**
 * The embedded store of `dev`, `call` and `scenarios`: the callers file in memory, each row checked against the
 * caller schema. Rows that fail are left out and reported, since a flow would see them as unknown callers.
 */
export async function embeddedStore(
  path: string | undefined,
  schema: z.core.$ZodType | undefined,
): Promise<{ store: CallerStore & { readonly records: Map<string, unknown> }; problems: string[] }> {
  if (!path) return { store: memoryStore(), problems: [] }
  const rows = await readCallers(path, schema)
  const good = rows.flatMap((row) => ('key' in row ? [{ ...row.record, phone: row.key }] : []))
  const bad = describeBadRows(path, rows)
  const skipped = rows.length - good.length
  return {
    store: memoryStore(good),
    problems: skipped > 0 ? [`${skipped} caller(s) left out of ${path}:`, ...bad] : [],
  }
}
