import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import * as z from 'zod/mini'
import { type CallerStore, memoryStore, phoneKey } from '../src/index.ts'
import { expandUnions, issueMessage } from '../src/issues.ts'

/** One caller ready to store, or why its row cannot be. */
export type CallerRow =
  /** `row`: the CSV line, or the JSON record's position, both from 1. */
  | { readonly row: number; readonly key: string; readonly record: Record<string, unknown> }
  | { readonly row: number; readonly error: string }

/**
 * Read callers from a JSON file (an array of records with `phone`, or an object keyed by phone) or a CSV file
 * (a header row; `order.id` columns nest, a `:number` or `:boolean` suffix types a column).
 */
export async function readCallers(path: string, schema?: z.core.$ZodType): Promise<CallerRow[]> {
  const text = await readFile(path, 'utf8')
  const csv = path.toLowerCase().endsWith('.csv')
  const records = csv ? fromCsv(text) : fromJson(text)
  // A CSV row is named by its line (the header is line 1); a JSON record by its position.
  return records.map((record, index) => toRow(record, csv ? index + 2 : index + 1, schema))
}

function fromJson(text: string): unknown[] {
  const data: unknown = JSON.parse(text)
  if (Array.isArray(data)) return data
  if (data !== null && typeof data === 'object')
    return Object.entries(data).map(([phone, record]) => ({ ...(record as object), phone }))
  throw new Error('a callers JSON file holds an array of records or an object keyed by phone')
}

function fromCsv(text: string): unknown[] {
  const rows: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true })
  return rows.map((row) => {
    const record: Record<string, unknown> = {}
    for (const [column, raw] of Object.entries(row)) {
      if (raw === '') continue
      const [path = '', type] = column.split(':')
      const value = type === 'number' ? Number(raw) : type === 'boolean' ? raw === 'true' : raw
      const keys = path.split('.')
      let node = record
      for (const key of keys.slice(0, -1)) {
        node[key] ??= {}
        node = node[key] as Record<string, unknown>
      }
      node[keys.at(-1) ?? path] = value
    }
    return record
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
