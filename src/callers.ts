import * as z from 'zod/mini'
import { TIMED_OUT, withinDeadline } from './deadline.ts'
import { lazily } from './lazily.ts'
import { phoneKey } from './phone.ts'

/**
 * Where caller records live, keyed by `phoneKey` (E.164 for NANP numbers). Implementations: in memory (here),
 * Cloudflare KV, DynamoDB, Redis and a JSON file (in `adapters/stores`). A record is plain JSON; the flow's
 * schema types it.
 */
export interface CallerStore {
  /** Names the store in log lines. */
  readonly kind: string
  /**
   * Whether `get` stops its work when its signal aborts (a network store's request). Only such a store is given a
   * signal that aborts at the lookup timeout; the others get one that never aborts (creating signals is not free).
   */
  readonly cancellable?: boolean
  /** The record stored under `key`, or undefined. May throw or hang: the lookup bounds and absorbs both. */
  get(key: string, signal: AbortSignal): Promise<unknown>
  /** Write a record (imports). */
  put?(key: string, record: unknown): Promise<void>
  /**
   * The store's one-time setup: loading its client, and for a network store a first request that opens its
   * connection (bounded). Resolves once a lookup no longer waits for it, and never rejects: a setup that failed fails
   * each lookup. A Lambda entry awaits it at its top level, so the setup runs in the function's init rather than
   * inside the first caller's lookup bound.
   */
  ready?(): Promise<void>
  /**
   * What is wrong with this store's setup (a callers file that does not exist, or rows it left out). Set, it is logged
   * as a `config_error` when the app starts and `GET /health` answers `{"status":"degraded"}` (without it: anyone may
   * ask); Triggers are still answered, each lookup the store cannot make degraded to a `store_error`.
   */
  readonly problem?: string | undefined
}

/** Why a lookup found nothing to say about the caller. */
export const LOOKUP_FAILURES = ['no_number', 'timeout', 'store_error', 'invalid_record', 'no_store'] as const
export type LookupFailure = (typeof LOOKUP_FAILURES)[number]

/** What made a lookup fail, as fields of its log line: the store's `error`, or the record's `fields` refused. */
export type LookupFailureDetail = { readonly error: unknown } | { readonly fields: readonly string[] }

/**
 * Each failed lookup's detail, for its log line only: the flow is not handed the store's error. Keyed by the result,
 * which is made fresh for each failure.
 */
const failureDetails = new WeakMap<object, LookupFailureDetail>()

function unavailable(reason: LookupFailure, detail: LookupFailureDetail): CallerLookup<never> {
  const result = { status: 'unavailable', reason } as const
  failureDetails.set(result, detail)
  return result
}

/** What made a lookup fail, when it is known. */
export function lookupFailureDetail(result: CallerLookup<unknown>): LookupFailureDetail | undefined {
  return failureDetails.get(result)
}

/** A lookup never throws: the flow sees one of these and decides. */
export type CallerLookup<Caller> =
  | { readonly status: 'found'; readonly key: string; readonly caller: Caller }
  | { readonly status: 'not_found'; readonly key: string }
  | { readonly status: 'unavailable'; readonly reason: LookupFailure }

/** Any zod schema (classic or mini) describing a stored caller record. */
export type CallerSchema<Caller> = z.core.$ZodType<Caller>

export const DEFAULT_LOOKUP_TIMEOUT_MS = 300

/**
 * The signal a store that cannot cancel its work is given: one, shared, never aborted. Made on first use: workerd
 * before 2026-11 refuses an `AbortController` made while a module loads, and the Worker would not start.
 */
const neverAborted = /* @__PURE__ */ lazily(() => new AbortController().signal)

/**
 * How an in-memory store's `get` also reads a record at once: a lookup then waits on no promise and sets up no bound
 * (a Map read cannot stall). Kept on the `get` function itself, so a store that spreads a memory store and replaces
 * `get` (a test's slow store) is asked through its own `get`.
 */
const READ_NOW: unique symbol = Symbol('voitex-trigger.read-now')

interface ReadableNow {
  readonly [READ_NOW]?: (key: string) => unknown
}

/**
 * Look a phone up, bounded by `timeoutMs`; errors, time-outs and malformed records become `unavailable`. An in-memory
 * store is answered at once, with no promise (about 6 % of an in-process decision's instructions).
 */
export function lookupCaller<Caller>(
  store: CallerStore | undefined,
  schema: CallerSchema<Caller>,
  phone: string,
  timeoutMs: number = DEFAULT_LOOKUP_TIMEOUT_MS,
): CallerLookup<Caller> | Promise<CallerLookup<Caller>> {
  if (!store) return { status: 'unavailable', reason: 'no_store' }
  const key = phoneKey(phone)
  if (!key) return { status: 'unavailable', reason: 'no_number' }
  const readNow = (store.get as ReadableNow)[READ_NOW]
  return readNow ? checkedRecord(schema, key, readNow(key)) : lookupInStore(store, schema, key, timeoutMs)
}

async function lookupInStore<Caller>(
  store: CallerStore,
  schema: CallerSchema<Caller>,
  key: string,
  timeoutMs: number,
): Promise<CallerLookup<Caller>> {
  const controller = store.cancellable ? new AbortController() : undefined
  try {
    const record = await withinDeadline(store.get(key, controller?.signal ?? neverAborted()), timeoutMs)
    if (record === TIMED_OUT) {
      controller?.abort()
      return { status: 'unavailable', reason: 'timeout' }
    }
    return checkedRecord(schema, key, record)
  } catch (error) {
    return unavailable('store_error', { error })
  }
}

/** A stored record as the flow's schema reads it; a schema that throws (a refinement's bug) is a store error. */
function checkedRecord<Caller>(schema: CallerSchema<Caller>, key: string, record: unknown): CallerLookup<Caller> {
  if (record == null) return { status: 'not_found', key }
  try {
    const parsed = z.safeParse(schema, record)
    if (parsed.success) return { status: 'found', key, caller: parsed.data }
    // The fields' names only: the record's values may be the caller's data.
    return unavailable('invalid_record', { fields: refusedFields(parsed.error.issues) })
  } catch (error) {
    return unavailable('store_error', { error })
  }
}

/** At most this many refused fields are named in a line. */
const MOST_REFUSED_FIELDS = 5

function refusedFields(issues: readonly { readonly path: readonly PropertyKey[] }[]): string[] {
  const fields = new Set<string>()
  for (const issue of issues) {
    if (fields.size === MOST_REFUSED_FIELDS) break
    fields.add(issue.path.length === 0 ? '(record)' : issue.path.map(String).join('.'))
  }
  return [...fields]
}

/**
 * Caller records as a seed file holds them: an array of records with a `phone` field, or an object keyed by phone.
 * Keys are normalised with `phoneKey`; a record without a usable phone is reported by its position.
 */
export function callerEntries(seed: unknown): { entries: [string, unknown][]; rejected: string[] } {
  const entries: [string, unknown][] = []
  const rejected: string[] = []
  const rows: [string, unknown, unknown][] = Array.isArray(seed)
    ? seed.map((record, index) => [`row ${index + 1}`, (record as { phone?: unknown } | null)?.phone, record])
    : Object.entries((seed ?? {}) as Record<string, unknown>).map(([phone, record]) => [phone, phone, record])
  for (const [where, phone, record] of rows) {
    const key = typeof phone === 'string' || typeof phone === 'number' ? phoneKey(String(phone)) : undefined
    if (key && record !== null && typeof record === 'object') entries.push([key, record])
    else rejected.push(where)
  }
  return { entries, rejected }
}

/** An in-memory store: the embedded default for `npm start`, and the store for offline tests. */
export function memoryStore(seed: unknown = []): CallerStore & { readonly records: Map<string, unknown> } {
  const records = new Map(callerEntries(seed).entries)
  const read = (key: string) => records.get(key)
  const get: CallerStore['get'] & ReadableNow = Object.assign(async (key: string) => read(key), { [READ_NOW]: read })
  return {
    kind: 'memory',
    records,
    get,
    async put(key, record) {
      records.set(phoneKey(key) ?? key, record)
    },
  }
}
