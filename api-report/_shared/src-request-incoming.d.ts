import { Result } from "./src-errors.js";
import * as z from "zod/mini";

//#region src/request/incoming.d.ts
/**
 * A request as any transport hands it over: all the engine reads of it. Node's `http` and Lambda events give one
 * directly, with no Web `Request` made; a `Request` gives one through `incomingFromRequest`.
 */
interface IncomingRequest {
  readonly method: string;
  /** The path as sent (percent-encoded), without the query. */
  readonly path: string;
  /** A header's value, by its name in lower case. */
  header(name: string): string | undefined;
  /** A query parameter's value, decoded. */
  query(name: string): string | undefined;
  /** The body, read whole, as text or bytes; larger than `maxBytes`: `body_too_large`, the rest left unread. */
  body(maxBytes: number): Promise<Result<string | Uint8Array<ArrayBuffer>>>;
}
/** An answer before it becomes the transport's: status, the JSON text and its headers (names in lower case). */
interface OutgoingResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}
//#endregion
//#region src/auth.d.ts
/** `TRIGGER_TOKEN` as configured: one token, a comma-separated list while a token is rotated, or not set. */
type TokenConfig = string | readonly string[] | undefined;
//#endregion
//#region src/callers.d.ts
/**
 * Where caller records live, keyed by `phoneKey` (E.164 for NANP numbers). Implementations: in memory (here),
 * Cloudflare KV, DynamoDB, Redis and a JSON file (in `adapters/stores`). A record is plain JSON; the flow's
 * schema types it.
 */
interface CallerStore {
  /** Names the store in log lines. */
  readonly kind: string;
  /**
   * Whether `get` stops its work when its signal aborts (a network store's request). Only such a store is given a
   * signal that aborts at the lookup timeout; the others get one that never aborts (creating signals is not free).
   */
  readonly cancellable?: boolean;
  /** The record stored under `key`, or undefined. May throw or hang: the lookup bounds and absorbs both. */
  get(key: string, signal: AbortSignal): Promise<unknown>;
  /** Write a record (imports). */
  put?(key: string, record: unknown): Promise<void>;
  /**
   * The store's one-time setup: loading its client, and for a network store a first request that opens its
   * connection (bounded). Resolves once a lookup no longer waits for it, and never rejects: a setup that failed fails
   * each lookup. A Lambda entry awaits it at its top level, so the setup runs in the function's init rather than
   * inside the first caller's lookup bound.
   */
  ready?(): Promise<void>;
  /**
   * What is wrong with this store's setup (a callers file that does not exist, or rows it left out). Set, it is logged
   * as a `config_error` when the app starts and `GET /health` answers `{"status":"degraded"}` (without it: anyone may
   * ask); Triggers are still answered, each lookup the store cannot make degraded to a `store_error`.
   */
  readonly problem?: string | undefined;
}
/** Why a lookup found nothing to say about the caller. */
declare const LOOKUP_FAILURES: readonly ["no_number", "timeout", "store_error", "invalid_record", "no_store"];
type LookupFailure = (typeof LOOKUP_FAILURES)[number];
/** A lookup never throws: the flow sees one of these and decides. */
type CallerLookup<Caller> = {
  readonly status: 'found';
  readonly key: string;
  readonly caller: Caller;
} | {
  readonly status: 'not_found';
  readonly key: string;
} | {
  readonly status: 'unavailable';
  readonly reason: LookupFailure;
};
/** Any zod schema (classic or mini) describing a stored caller record. */
type CallerSchema<Caller> = z.core.$ZodType<Caller>;
/** An in-memory store: the embedded default for `npm start`, and the store for offline tests. */
declare function memoryStore(seed?: unknown): CallerStore & {
  readonly records: Map<string, unknown>;
};
//#endregion
//#region src/clock.d.ts
/** Where the engine reads the time: injected, so a test can set it. */
interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}
//#endregion
//#region src/decision/schema.d.ts
declare const PlayItemSchema: () => z.ZodMiniDiscriminatedUnion<[z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"file">;
  album: z.ZodMiniString<string>;
  sort: z.ZodMiniString<string>;
}, z.core.$strict>, z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"tts">;
  text: z.ZodMiniString<string>;
}, z.core.$strict>], "type">;
/** Built on its first use: a flow answering with `reply()` is checked without zod (`builtProblem`). */
declare const DecisionSchema: () => z.ZodMiniObject<{
  goto: z.ZodMiniOptional<z.ZodMiniString<string>>;
  play: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniDiscriminatedUnion<[z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"file">;
    album: z.ZodMiniString<string>;
    sort: z.ZodMiniString<string>;
  }, z.core.$strict>, z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"tts">;
    text: z.ZodMiniString<string>;
  }, z.core.$strict>], "type">>>;
  inputs: z.ZodMiniOptional<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>;
  variables: z.ZodMiniOptional<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>;
}, z.core.$strict>;
/** What the IVR receives. `{}` means "No Route Found": the portal's setting for this Trigger applies. */
type Decision = z.output<ReturnType<typeof DecisionSchema>>;
type PlayItem = z.output<ReturnType<typeof PlayItemSchema>>;
interface DecisionIssue {
  readonly path: string;
  readonly message: string;
}
/** Check a decision before it is sent; the builder's types make most mistakes impossible, this catches the rest. */
declare function checkDecision(value: unknown): Result<Decision, readonly DecisionIssue[]>;
//#endregion
//#region src/decision/builder.d.ts
type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type IsDigits<S extends string> = S extends `${Digit}${infer Rest}` ? (Rest extends '' ? true : IsDigits<Rest>) : false;
declare const digitsBrand: unique symbol;
/** A string checked at runtime to be digits: what `digits()` returns for a number known only at run time. */
type DigitString = string & {
  readonly [digitsBrand]: true;
};
/**
 * A branch, album or sort number: a non-negative integer, a literal string of digits, or a `DigitString`.
 * `goto(150)` and `goto('150')` type-check; `goto(-1)`, `goto(1.5)` and `goto('abc')` do not.
 */
type NumberRef<T> = T extends DigitString ? T : T extends number ? `${T}` extends `-${string}` | `${string}.${string}` | `${string}e${string}` ? never : T : T extends string ? string extends T ? never : IsDigits<T> extends true ? T : never : never;
/** A key the caller can press: 0–9, `*`, `#`, a string of digits (as number or string), or `%` for any key. */
type KeyRef<K> = K extends '*' | '#' | '%' ? K : K extends number | string ? NumberRef<K> : never;
type Menu<M> = { readonly [K in keyof M]: K extends string | number ? (KeyRef<K> extends never ? never : NumberRef<M[K]>) : never };
/** Variables to store for the rest of the call; numbers and booleans are sent as strings. */
type VariableValues = Readonly<Record<string, string | number | boolean>>;
/** Runtime check for a number only known at run time; throws a TypeError naming the value's problem. */
declare function digits(value: string | number): DigitString;
/** One step of a reply, as the builder was called. */
type Step = {
  readonly route: string;
} | {
  readonly play: PlayItem;
} | {
  readonly goto: string;
} | {
  readonly inputs: readonly (readonly [key: string, branch: string])[];
} | {
  readonly variables: readonly (readonly [name: string, value: string])[];
};
/**
 * What is wrong with a decision the builder made, by the decision schema's own rules and limits (schema.ts), said in
 * words; undefined when it is valid. The builder makes only known fields of strings, so these checks are the schema's
 * whole judgement on it (a property test holds the two equal), at a fraction of the cost of running the schema.
 */
/**
 * An immutable decision under construction. Each step returns a new Reply, so a shared menu can be reused:
 *
 *   reply().say(`Hi ${name}, your order #${id} is ${status}.`).menu({ 1: 150, 2: 300 }).goto(150)
 *
 * A Reply is a chain of steps (each one small object, nothing copied); it never throws while it is built. What it
 * builds is checked by the decision schema's rules (`problem`) before it is sent, and a reply that breaks them gets the
 * flow's fallback, as an invalid plain decision does.
 */
declare class Reply {
  #private;
  constructor(previous?: Reply, step?: Step);
  /** What breaks the decision schema's rules in this reply, said in words; undefined for a valid reply. */
  get problem(): string | undefined;
  /** Name the route this answer belongs to, for logs and transcripts; it is not sent to the IVR. */
  route(name: string): Reply;
  get routeName(): string | undefined;
  /** Speak text (TTS). */
  say(text: string): Reply;
  /** Play a recording from an album, by its sort number. */
  play<const A extends number | string, const S extends number | string>(album: NumberRef<A>, sort: NumberRef<S>): Reply;
  /** Where the call goes when play ends with no key, or at once when nothing plays. */
  goto<const B extends number | string>(branch: NumberRef<B>): Reply;
  /** While play runs, pressing `key` sends the caller to `branch`. */
  on<const K extends number | string, const B extends number | string>(key: KeyRef<K>, branch: NumberRef<B>): Reply;
  /** Several keys at once: `{ 1: 150, 2: 300, '*': 0 }`. */
  menu<const M extends Readonly<Record<string | number, number | string>>>(options: M & Menu<M>): Reply;
  /** Any key sends the caller to `branch` (the vendor's `%` input). */
  onAnyKey<const B extends number | string>(branch: NumberRef<B>): Reply;
  /** Store variables for later branches (Album Collection, Contact Data, later Triggers). */
  set(values: VariableValues): Reply;
  /** The wire decision; empty parts are left out, so `reply()` alone is `{}` (No Route Found). */
  toDecision(): Decision;
  toJSON(): Decision;
}
/** Start a decision. `reply()` alone is the empty answer: the portal's "No Route Found". */
declare function reply(): Reply;
//#endregion
//#region src/request/schema.d.ts
type Contact = Readonly<Record<string, string>>;
declare const BranchStepSchema: () => z.ZodMiniObject<{
  branch: z.ZodMiniTransform<string, unknown>;
  input: z.ZodMiniTransform<string, unknown>;
}, z.core.$strip>;
type BranchStep = z.output<ReturnType<typeof BranchStepSchema>>;
/**
 * One payment made in this call. Only what is safe to show is read: the amount, the card's last four digits and
 * the transaction id. cvv, expiration, zip, the payer's phone and any unknown field are dropped here, at parse time,
 * so card data never reaches a flow, a log line, an error or a store.
 */
declare const PaymentSchema: () => z.ZodMiniPipe<z.ZodMiniObject<{
  amount: z.ZodMiniPipe<z.ZodMiniTransform<string, unknown>, z.ZodMiniTransform<number | undefined, string>>;
  last_four: z.ZodMiniPipe<z.ZodMiniTransform<string, unknown>, z.ZodMiniTransform<string, string>>;
  transaction_id: z.ZodMiniTransform<string, unknown>;
}, z.core.$strip>, z.ZodMiniTransform<{
  amount_cents: number | undefined;
  last_four: string;
  transaction_id: string;
}, {
  amount: number | undefined;
  last_four: string;
  transaction_id: string;
}>>;
type Payment = z.output<ReturnType<typeof PaymentSchema>>;
/** The Trigger's fields, as the platform sends them. (Unknown fields are kept apart in `extra`, see below.) */
declare const TriggerRequestSchema: () => z.ZodMiniObject<{
  call_id: z.ZodMiniTransform<string, unknown>;
  cid: z.ZodMiniTransform<string, unknown>;
  cnam: z.ZodMiniTransform<string, unknown>;
  contact_info: z.ZodMiniTransform<Readonly<Record<string, string>> | null, unknown>;
  date_time: z.ZodMiniTransform<string, unknown>;
  did: z.ZodMiniTransform<string, unknown>;
  branch_data: z.ZodMiniPipe<z.ZodMiniTransform<unknown, unknown>, z.ZodMiniPipe<z.ZodMiniTransform<{}, unknown>, z.ZodMiniArray<z.ZodMiniObject<{
    branch: z.ZodMiniTransform<string, unknown>;
    input: z.ZodMiniTransform<string, unknown>;
  }, z.core.$strip>>>>;
  payment_info: z.ZodMiniPipe<z.ZodMiniTransform<unknown, unknown>, z.ZodMiniPipe<z.ZodMiniTransform<unknown, unknown>, z.ZodMiniArray<z.ZodMiniPipe<z.ZodMiniObject<{
    amount: z.ZodMiniPipe<z.ZodMiniTransform<string, unknown>, z.ZodMiniTransform<number | undefined, string>>;
    last_four: z.ZodMiniPipe<z.ZodMiniTransform<string, unknown>, z.ZodMiniTransform<string, string>>;
    transaction_id: z.ZodMiniTransform<string, unknown>;
  }, z.core.$strip>, z.ZodMiniTransform<{
    amount_cents: number | undefined;
    last_four: string;
    transaction_id: string;
  }, {
    amount: number | undefined;
    last_four: string;
    transaction_id: string;
  }>>>>>;
  variables: z.ZodMiniPipe<z.ZodMiniPipe<z.ZodMiniTransform<unknown, unknown>, z.ZodMiniPipe<z.ZodMiniTransform<unknown, unknown>, z.ZodMiniArray<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniUnknown>>>>, z.ZodMiniTransform<Record<string, string>, Record<string, unknown>[]>>;
}, z.core.$strip>;
/** A Trigger request, normalised, with any fields the vendor does not document in `extra`. No card data. */
type TriggerRequest = z.output<ReturnType<typeof TriggerRequestSchema>> & {
  readonly extra: Readonly<Record<string, unknown>>;
};
//#endregion
//#region src/once.d.ts
/**
 * Where `deps.once` records that a call step's side effect was started: an atomic put-if-absent with an expiry.
 * Implementations: memory (here), Redis `SET NX PX`, a DynamoDB conditional PutItem with a TTL attribute, and a
 * Durable Object on Workers (in `adapters/`). Workers KV cannot be one: it is eventually consistent, so two
 * instances can both see a key as absent.
 */
interface ClaimStore {
  /** Names the store in log lines. */
  readonly kind: string;
  /**
   * Take `key` for `ttlMs`: true when it was free (this delivery runs the task), false when it is already held.
   * May throw or hang: `once` bounds and absorbs both. A store must not hold a key `once` gave up on (see `ClaimBound`).
   */
  claim(key: string, ttlMs: number, bound?: ClaimBound): Promise<boolean>;
  /**
   * The store's one-time setup (loading its client, the first connection), begun when the store is made. `once`
   * waits for it under `DEFAULT_CLAIM_CONNECT_TIMEOUT_MS`, so it does not count against a claim's own bound.
   */
  ready?(): Promise<void>;
}
/** How long `once` waits for one claim, as the store sees it. */
interface ClaimBound {
  /** The time left when `claim` was called (ms): a store that can read a clock where it writes refuses after it. */
  readonly timeoutMs: number;
  /** Aborted when `once` gives up: a store then sends nothing more, and gives back a key granted after it. */
  readonly signal: AbortSignal;
}
/**
 * What `once` does when it cannot know whether the step already ran (the claim store errs or is too slow):
 * `at-most-once` (the default) skips the task, `at-least-once` runs it.
 */
declare const ONCE_WHEN_DOWN: readonly ["at-most-once", "at-least-once"];
type OnceWhenDown = (typeof ONCE_WHEN_DOWN)[number];
interface OnceOptions {
  /** Overrides the deployment's `onceWhenDown` for this side effect. */
  readonly whenDown?: OnceWhenDown;
  /** How long the claim is held (default one day). */
  readonly ttlMs?: number;
}
/**
 * Claims in this process's memory: the embedded default, right for one Node process. On a platform that runs many
 * instances (Workers, Lambda, Vercel) it only catches a request delivered again to the same instance.
 *
 * Past `maxEntries` the oldest unexpired claims are dropped for room. Each dropped key leaves a 32-bit fingerprint in
 * a fixed table (newer ones overwrite older), so a redelivery of a dropped step is not taken for a new one: the
 * claim throws `ClaimForgotten` (logged as `outside_window`, and `whenDown` decides) and the key is held again.
 */
declare function memoryClaims(options?: {
  readonly clock?: Clock;
  readonly maxEntries?: number;
}): ClaimStore & {
  readonly size: () => number;
};
//#endregion
//#region src/phone.d.ts
/** A caller's number in the forms a flow or a store needs. */
interface Phone {
  /** As the platform sent it, trimmed. */
  readonly raw: string;
  /** Ten-digit North American number (`8459511000`), when the number is a valid NANP number. */
  readonly nanp: string | undefined;
  /** E.164 (`+18459511000`), when the number is valid NANP or was sent with a leading `+`. */
  readonly e164: string | undefined;
}
/** Normalise a phone number the same way everywhere: requests, stores and imports. */
declare function parsePhone(input: string): Phone;
/**
 * The key a caller record is stored under: E.164 when the number has one, otherwise its digits.
 * `+18459511000`, `18459511000`, `(845) 951-1000` and `8459511000` all give `+18459511000`.
 */
declare function phoneKey(input: string): string | undefined;
//#endregion
//#region src/time.d.ts
/** Zone of the platform's `date_time` unless configured: Voitex is a US platform (New York numbers in its samples). */
declare const DEFAULT_TIME_ZONE = "America/New_York";
/** A wall-clock time with no zone, as `date_time` carries it ("2023-07-20 11:35:35"). */
interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
}
/**
 * Read `date_time` (`YYYY-MM-DD HH:MM:SS`); anything else, an impossible date or a year before 1970 gives undefined.
 * Plain arithmetic (no Date object): it runs for every Trigger.
 */
declare function parseLocalTime(text: string): LocalTime | undefined;
/** Throws a RangeError naming the zone when it is not an IANA time zone this runtime knows. */
declare function checkTimeZone(timeZone: string): void;
/** The wall-clock time in `timeZone` at an instant. */
declare function localTimeAt(epochMs: number, timeZone: string): LocalTime;
/** The instant a wall-clock time in `timeZone` names (the earlier one when a DST change makes it ambiguous). */
declare function instantOf(time: LocalTime, timeZone: string): number;
/** Convert a wall-clock time from one zone to another. */
declare function convertLocalTime(time: LocalTime, from: string, to: string): LocalTime;
type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
/** Opening hours per weekday, as `HH:MM` ranges in the hotline's zone: `{ mon: [['09:00', '17:00']] }`. */
type WeeklyHours = Partial<Record<Weekday, readonly (readonly [open: string, close: string])[]>>;
interface BusinessHours {
  /** IANA zone of the hotline, e.g. `America/New_York`. */
  readonly timeZone: string;
  readonly weekly: WeeklyHours;
  /** Dates (`YYYY-MM-DD`) when the line is closed all day. */
  readonly closedOn?: readonly string[];
}
/** Whether a time in the hotline's zone falls within its business hours. */
declare function isOpenAt(hours: BusinessHours, time: LocalTime): boolean;
/** A wall-clock time, or its text as `date_time` and scenario files write it (`YYYY-MM-DD HH:MM[:SS]`). */
type LocalTimeLike = LocalTime | string;
/**
 * The hours from one wall-clock time to another in `timeZone` (fractional; negative when `to` is earlier), as a clock
 * measures them: a daylight-saving change in between counts (Saturday 10:00 to Monday 10:00 across a spring-forward
 * is 47 hours). Undefined when a time cannot be read.
 */
declare function hoursBetween(from: LocalTimeLike, to: LocalTimeLike, timeZone: string): number | undefined;
/**
 * Whether `time` falls within the next `hours` hours from `now` (now included, the end too), both wall-clock times
 * in `timeZone`: an appointment within 48 hours is `isWithinNextHours(appointment, call.timeIn(zone), 48, zone)`. A
 * time already past, or one that cannot be read, is not.
 */
declare function isWithinNextHours(time: LocalTimeLike, now: LocalTimeLike, hours: number, timeZone: string): boolean;
//#endregion
//#region src/request/call.d.ts
/** Payments made in this call: amounts and last four digits only (card data is dropped at parse time). */
interface Payments {
  readonly items: readonly Payment[];
  readonly count: number;
  /** The sum of the payments, in cents; undefined when a payment came without a readable amount. */
  readonly totalCents: number | undefined;
  /** The last four digits of the most recent payment's card. */
  readonly lastFour: string | undefined;
}
/** A Trigger request as a flow sees it: the normalised request plus typed views of it. */
interface Call {
  readonly id: string;
  /** The trigger's name from the URL (`/trigger/<name>`), `default` for `/trigger`. */
  readonly trigger: string;
  /** The calling number (`cid`). */
  readonly caller: Phone;
  readonly callerName: string;
  /** The hotline number called (`did`). */
  readonly hotline: Phone;
  readonly contact: Contact | null;
  /** `date_time` as sent (the platform's wall clock); the receive time in `timeZone` when missing or unreadable. */
  readonly time: LocalTime;
  /** The wall-clock time in another zone, e.g. the hotline's, for business hours. */
  timeIn(timeZone: string): LocalTime;
  /** Every branch passed, with what was pressed there, oldest first. */
  readonly steps: readonly BranchStep[];
  /** The branch numbers passed, oldest first. */
  readonly path: readonly string[];
  /** The last branch passed before this Trigger. */
  readonly branch: string | undefined;
  /** What was pressed at the last branch. */
  readonly lastInput: string | undefined;
  /** What was pressed the last time the caller was at `branch`. */
  inputAt(branch: string | number): string | undefined;
  visited(branch: string | number): boolean;
  /** Variables set so far in the call (trimmed names, later values win). */
  readonly variables: Readonly<Record<string, string>>;
  readonly payments: Payments;
  /** The normalised request, including unknown extra fields. */
  readonly request: TriggerRequest;
}
interface CallContext {
  readonly trigger: string;
  /** When the request arrived (ms since epoch). */
  readonly receivedAt: number;
  /** The zone `date_time` is read in. */
  readonly timeZone: string;
}
//#endregion
//#region src/flow.d.ts
/** What a flow may use besides the call. Everything is injected, so a flow is a pure function under test. */
interface FlowDeps<Caller, Services = unknown> {
  /** Find the caller (by default the calling number) in the caller store. Never throws; bounded by a timeout. */
  lookupCaller(phone?: string): Promise<CallerLookup<Caller>>;
  readonly clock: Clock;
  /** Write a structured, redacted log line tagged with the call id. */
  log(event: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Aborted when the flow's deadline passes: hand it to fetches so they stop too. */
  readonly signal: AbortSignal;
  /** Run work after the answer is sent (Workers' and Vercel's `waitUntil`); it never delays the caller. */
  defer(task: Promise<unknown>): void;
  /**
   * Run a side effect (an SMS, a charge) at most once per call step, keyed by the call id, the trigger, the position
   * in `branch_data` and `name`, even when the platform delivers this request again, here or to another instance.
   * Resolves whether it ran this time; rejects only with the task's own error. Defer it to keep it off the caller's
   * time: `deps.defer(deps.once('receipt', () => voitex.notify(...)))`.
   */
  once(name: string, task: () => unknown, options?: OnceOptions): Promise<boolean>;
  /** Whatever the application wires in (e.g. the Voitex client). */
  readonly services: Services;
}
/** What `decide` may return: a Reply, a plain decision, or nothing (the flow's fallback). */
type FlowAnswer = Reply | Decision | undefined;
interface FlowOptions<Caller, Services> {
  readonly name: string;
  /** Schema of a stored caller record; lookups return records validated by it. */
  readonly caller?: CallerSchema<Caller>;
  /** Portal branches this flow sends callers to, by name: checked against the IVR map before deploy. */
  readonly branches?: Readonly<Record<string, string | number>>;
  /** Answer when the flow throws, returns something invalid or misses its deadline. Default: `{}` (No Route Found). */
  readonly fallback?: Reply | Decision;
  /** Time the flow may take before the fallback is sent (default 1500 ms). */
  readonly deadlineMs?: number;
  /** Time a caller lookup may take before the flow goes on without it (default 300 ms). */
  readonly lookupTimeoutMs?: number;
  decide(call: Call, deps: FlowDeps<Caller, Services>): FlowAnswer | Promise<FlowAnswer>;
}
interface Flow<Caller = unknown, Services = unknown> extends FlowOptions<Caller, Services> {
  readonly fallback: Decision;
  readonly deadlineMs: number;
  readonly lookupTimeoutMs: number;
}
declare const DEFAULT_DEADLINE_MS = 1500;
declare function defineFlow<Caller = unknown, Services = unknown>(options: FlowOptions<Caller, Services>): Flow<Caller, Services>;
//#endregion
//#region src/log.d.ts
type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** One structured log line. `event` names what happened; other fields are data. */
interface LogRecord {
  readonly level: LogLevel;
  readonly event: string;
  readonly [field: string]: unknown;
}
interface Logger {
  write(record: LogRecord): void;
}
/**
 * A logger writing one JSON line per record (what Workers, Lambda and Vercel collect from the console). Every record
 * is redacted and bounded first: no field longer than 200 characters, no line longer than 2 KiB, so no request can
 * make the log grow faster than the requests themselves.
 */
declare function jsonLogger(options?: {
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
}): Logger;
/** Drops everything. For benchmarks and tests that assert on answers only. */
declare const silentLogger: Logger;
/** A logger that keeps records in memory, redacted and bounded as `jsonLogger` writes them: for tests. */
declare function memoryLogger(): Logger & {
  readonly records: LogRecord[];
};
//#endregion
//#region src/request/body.d.ts
interface BodyLimits {
  /** Largest body read, in bytes (default 64 KiB); larger is refused with 413. */
  readonly maxBytes: number;
  /** Deepest nesting of objects and arrays accepted, JSON text inside fields included (default 16). */
  readonly maxDepth: number;
  /** Most values (fields, object members and array items, all levels, JSON text inside fields included; 4,000). */
  readonly maxValues: number;
}
//#endregion
//#region src/settings.d.ts
/** The settings of this engine every adapter reads from the platform: environment variables, or Worker bindings. */
interface EngineSettings {
  /** The accepted Trigger token (a secret), or a comma-separated list while one is rotated. */
  readonly TRIGGER_TOKEN?: string | undefined;
  /** The zone the platform's `date_time` is read in (default `America/New_York`). */
  readonly TIME_ZONE?: string | undefined;
  /** `1` writes one capture line per exchange (see `voitex-trigger replay`). */
  readonly TRIGGER_CAPTURE?: string | undefined;
  /** `at-most-once` (default) or `at-least-once`: what `deps.once` does when its claim store is down. */
  readonly TRIGGER_ONCE_WHEN_DOWN?: string | undefined;
  /** Comma-separated field names whose values are secrets (`member_code,acct_*`), blanked in logs and captures. */
  readonly TRIGGER_SECRET_NAMES?: string | undefined;
  /** Shares of calls per version, overriding the app's: `default:next=25` (comma-separated). */
  readonly TRIGGER_VERSIONS?: string | undefined;
}
/** What binding would refuse in one setting (`TriggerApp.checkSettings`): errors as data, never the value. */
interface SettingProblem {
  /** The setting, when the problem is one setting's (a check across settings names none). */
  readonly setting: string | undefined;
  /** What is wrong, the setting named first: `VOITEX_API_URL: expected a URL`. */
  readonly message: string;
}
//#endregion
//#region src/trigger.d.ts
/** What the engine needs from its host; adapters build it from the platform's bindings. */
interface Runtime<Services = unknown> {
  readonly store: CallerStore | undefined;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The zone the platform's `date_time` is read in. */
  readonly timeZone: string;
  readonly defer: (task: Promise<unknown>) => void;
  readonly services: Services;
  /** Where `deps.once` claims call steps. None: `onceWhenDown` decides every time. */
  readonly claims?: ClaimStore | undefined;
  /** What `deps.once` does when its claim store fails (default `at-most-once`). */
  readonly onceWhenDown?: OnceWhenDown | undefined;
  /** Write one `capture` line per answered request (`TRIGGER_CAPTURE`); off, it costs nothing. */
  readonly capture?: boolean | undefined;
  /** Field names whose values are blanked in every line, besides `DEFAULT_SECRET_NAMES` (`*` for any run). */
  readonly secretNames?: readonly string[] | undefined;
  /** Looks callers up in place of `store` (a replay answers from the lookups it recorded). */
  readonly lookup?: ((phone: string, schema: CallerSchema<unknown>, timeoutMs: number) => Promise<CallerLookup<unknown>>) | undefined;
}
type Outcome = 'decision' | 'fallback' | 'rejected';
type FallbackReason = 'flow_error' | 'deadline' | 'invalid_decision' | 'no_decision' | 'internal_error';
interface AnswerOptions {
  /** How the trigger is named in log lines (the app logs a name that serves no flow as `unknown`). */
  readonly logAs?: string;
  /** The version of the trigger's flow this is (default `stable`): on every log line and capture of the call. */
  readonly version?: string;
}
/** The answer to one Trigger request, before it becomes HTTP. */
interface Answer {
  readonly status: number;
  /** The JSON body sent back. */
  readonly body: string;
  readonly outcome: Outcome;
  readonly decision?: Decision;
  readonly route?: string;
  readonly reason?: string;
  readonly call?: Call;
  /** The version of the flow that answered (`stable` unless the app has versions). */
  readonly version?: string;
  readonly timings: {
    readonly totalMs: number;
    readonly flowMs?: number;
    readonly lookupMs?: number;
  };
}
/**
 * Answer a decoded Trigger body with a flow: parse, run the flow under its deadline, check the decision, fall back
 * on any failure, and log one line. Never throws; the answer is always valid JSON.
 */
declare function answerTrigger<Caller, Services>(flow: Flow<Caller, Services>, trigger: string, body: unknown, runtime: Runtime<Services>, options?: AnswerOptions): Promise<Answer>;
//#endregion
//#region src/versions.d.ts
/** Another version of a trigger's flow, and the share of calls (a percent, 0–100) it gets by default. */
interface FlowVersion<Services = unknown> {
  readonly flow: Flow<unknown, Services>;
  readonly share: number;
}
/** Other versions by trigger name, then by version name: `{ default: { next: { flow: nextFlow, share: 0 } } }`. */
type TriggerVersions<Services = unknown> = Readonly<Record<string, Readonly<Record<string, FlowVersion<Services>>>>>;
/** Caller numbers that always get a version, by version name: `{ next: ['+17325550199'] }` (any form of a number). */
type TestCallers = Readonly<Record<string, readonly string[]>>;
/** A share setting that cannot be used: refused at start with this one-line message. */
declare class VersionsError extends Error {}
//#endregion
//#region src/trigger-http.d.ts
/** The platform's execution context, where it has one (Workers): deferred work is handed to its `waitUntil`. */
interface ExecutionContextLike {
  waitUntil(task: Promise<unknown>): void;
}
//#endregion
//#region src/app.d.ts
/**
 * The platform's settings, from which an app builds its services: Workers' `env` bindings, or `process.env` on
 * Lambda, Vercel and Node. An app declares the ones it reads (`settings: z.object({ … })`).
 */
type Settings = object;
/**
 * An app's settings declaration: a zod object (zod or zod/mini) whose keys are the environment variables (Worker
 * vars or secrets) the app reads. Its input type is what every platform must hand the app (a Worker's `Env` extends
 * it); its output, what `services` receives.
 */
type SettingsSchema = z.core.$ZodObject;
/** What the platform hands an app for its declaration: `SettingsOf<typeof app>` in a Worker's `Env`. */
type SettingsOf<App> = App extends TriggerApp<infer Env> ? Env : never;
/** How a deployment wires the engine; each adapter builds it from what its platform hands it. */
interface RuntimeConfig<Env extends object = Settings> {
  readonly store?: CallerStore | undefined;
  readonly logger?: Logger | undefined;
  readonly clock?: Clock | undefined;
  /** Zone of the platform's `date_time` (default `America/New_York`: Voitex is a US platform; see docs/platform.md). */
  readonly timeZone?: string | undefined;
  /**
   * Accepted Trigger tokens (`TRIGGER_TOKEN`, comma-separated during rotation). Not configured (`undefined`): the
   * endpoint is open, and says so in a warning. Configured but empty (`''`, `','`): every Trigger is refused.
   */
  readonly tokens?: TokenConfig;
  /** Work after the answer (`waitUntil`). Default: the platform's execution context if any, else run detached. */
  readonly defer?: ((task: Promise<unknown>) => void) | undefined;
  /** Settings the app's `services` are built from. Default with `handlerPerEnv`: the request's environment object. */
  readonly settings?: Env | undefined;
  /** Where `deps.once` claims call steps. Default: this process's memory (one instance only). */
  readonly claims?: ClaimStore | undefined;
  /** What `deps.once` does when its claim store fails (`TRIGGER_ONCE_WHEN_DOWN`; default `at-most-once`). */
  readonly onceWhenDown?: OnceWhenDown | undefined;
  /** Write each exchange as one more log line, to replay later (`TRIGGER_CAPTURE=1`). Off by default. */
  readonly capture?: boolean | undefined;
  /** Field names whose values are secrets, blanked in logs and captures (`TRIGGER_SECRET_NAMES`; see `secretNames`). */
  readonly secretNames?: readonly string[] | undefined;
  /** Looks callers up in place of `store`: how a replay answers from recorded lookups. */
  readonly lookup?: Runtime['lookup'];
  /** `TRIGGER_VERSIONS`: shares overriding the app's (`default:next=25`). One that cannot be read refuses to start. */
  readonly versions?: string | undefined;
  /**
   * Answer with the version a request names in `x-trigger-version`: for local tools only (dev's page, the simulator
   * in-process, replay). Deployed entries never set it: there a call's version comes from its id or a test caller.
   */
  readonly versionHeader?: boolean | undefined;
}
interface TriggerAppOptions<Services, Env extends object> {
  /** One flow, or flows by trigger name (`/trigger/<name>`); `default` serves `/trigger` and names without a flow. */
  readonly flows: Flow<unknown, Services> | Readonly<Record<string, Flow<unknown, Services>>>;
  /** What flows use besides the call (e.g. the Voitex client), built from the platform's settings. */
  readonly services?: (env: Env) => Services;
  readonly limits?: Partial<BodyLimits>;
  /**
   * Field names whose values are secrets (a variable `member_code`, or `acct_*`), blanked in every log line and
   * capture besides `DEFAULT_SECRET_NAMES` (`pin`, `*_pin`, `password`, `ssn`, `api_key`, `token`, `secret`,
   * `bearer`…) and those of the runtime (`TRIGGER_SECRET_NAMES`).
   */
  readonly secretNames?: readonly string[];
  /** Other versions of a trigger's flow and their shares of calls; the flow in `flows` is version `stable`. */
  readonly versions?: TriggerVersions<Services>;
  /** Caller numbers that always get a version: `{ next: ['+17325550199'] }`. */
  readonly testCallers?: TestCallers;
}
/** An app that declares its settings: `services` gets them parsed, and a missing or invalid one is refused. */
interface DeclaredTriggerAppOptions<Services, Schema extends SettingsSchema> {
  readonly flows: TriggerAppOptions<Services, object>['flows'];
  /**
   * The settings the app reads, declared once: `z.object({ VOITEX_AUTH_KEY: z.string() })`. Only these keys reach
   * `services`; an empty value counts as unset. One missing or invalid answers every Trigger `503 misconfigured`.
   */
  readonly settings: Schema;
  readonly services?: (settings: z.output<Schema>) => Services;
  readonly limits?: Partial<BodyLimits>;
  /** Field names whose values are secrets, as in `TriggerAppOptions`. */
  readonly secretNames?: readonly string[];
  /** Other versions of a trigger's flow and their shares of calls; the flow in `flows` is version `stable`. */
  readonly versions?: TriggerVersions<Services>;
  /** Caller numbers that always get a version: `{ next: ['+17325550199'] }`. */
  readonly testCallers?: TestCallers;
}
/** The app bound to a runtime: what every platform adapter wraps. */
interface TriggerHandler<Env extends object = Settings> {
  /** Web-standard: a `Request` in, a `Response` out (Workers, Vercel, tests). */
  fetch(request: Request, env?: Env, ctx?: ExecutionContextLike): Promise<Response>;
  /** The same answer with no `Request` or `Response` made: for transports that are not Web-standard (Node, Lambda). */
  handle(request: IncomingRequest, env?: Env, ctx?: ExecutionContextLike): Promise<OutgoingResponse>;
}
/**
 * A call-flow application, independent of any platform: its flows, and how to build their services. An adapter
 * binds it to a runtime (store, logger, tokens…) with `handler` (built once) or `handlerPerEnv` (once per platform
 * environment object, for Workers, whose bindings arrive with each request).
 */
interface TriggerApp<Env extends object = Settings> {
  readonly flows: Readonly<Record<string, Flow<unknown, unknown>>>;
  readonly limits: BodyLimits;
  /** The app's own secret field names (`secretNames`), besides the defaults and the runtime's. */
  readonly secretNames: readonly string[];
  /** Every version of each trigger's flow, `stable` (the flow in `flows`) first. */
  readonly versions: Readonly<Record<string, Readonly<Record<string, Flow<unknown, unknown>>>>>;
  /** The settings the app declares (`settings: z.object(…)`), by name; none without a declaration. */
  readonly settingNames: readonly string[];
  /**
   * What a platform would refuse in these settings as the app is bound (a deploy config's literal values): the
   * engine's (`TIME_ZONE`, `TRIGGER_ONCE_WHEN_DOWN`, `TRIGGER_VERSIONS`) and the declared ones. Each problem names
   * its setting, never a declared setting's value; one not given is not reported (a secret is set elsewhere), one
   * given empty reads as not set. `voitex-trigger lint` runs it on wrangler.toml's `[vars]` and serverless.yml's
   * environment.
   */
  checkSettings(settings: Readonly<Record<string, unknown>>): SettingProblem[];
  /**
   * Bind the runtime now. A configuration error (an unknown time zone) throws here, not in the middle of a call; a
   * missing or invalid declared setting is logged once and every Trigger is answered `503 misconfigured`.
   */
  handler(config?: RuntimeConfig<Env>): TriggerHandler<Env>;
  /**
   * Bind the runtime once per environment object, at the first request that carries it. A configuration error is
   * logged and every Trigger with that environment is answered `503 misconfigured`.
   */
  handlerPerEnv(build: (env: Env) => RuntimeConfig<Env>): TriggerHandler<Env>;
}
/**
 * A call-flow application: `POST /trigger[/<name>[/<token>]]` and `GET /health` on every platform. Every answer is
 * small JSON; a well-formed, authenticated Trigger request always gets a decision or its flow's fallback.
 */
declare function createTriggerApp<Services, Schema extends SettingsSchema>(options: DeclaredTriggerAppOptions<Services, Schema>): TriggerApp<z.input<Schema>>;
declare function createTriggerApp<Services = unknown, Env extends object = Settings>(options: TriggerAppOptions<Services, Env>): TriggerApp<Env>;
//#endregion
//#region src/redact.d.ts
/**
 * Names whose values are secrets, besides card fields: a variable or logged field so named is blanked. Matched on
 * the name trimmed, in snake case and lower case (`callerPin`, `API-KEY` and `caller_pin ` read as `caller_pin`,
 * `api_key`); `*` stands for any run of characters. An app adds its own (`secretNames`, `TRIGGER_SECRET_NAMES`).
 */
declare const DEFAULT_SECRET_NAMES: readonly string[];
//#endregion
export { Answer, AnswerOptions, BodyLimits, BranchStep, BusinessHours, Call, CallContext, CallerLookup, CallerSchema, CallerStore, ClaimBound, ClaimStore, Clock, Contact, DEFAULT_DEADLINE_MS, DEFAULT_SECRET_NAMES, DEFAULT_TIME_ZONE, Decision, DecisionIssue, DeclaredTriggerAppOptions, DigitString, EngineSettings, ExecutionContextLike, FallbackReason, Flow, FlowAnswer, FlowDeps, FlowOptions, FlowVersion, IncomingRequest, KeyRef, LocalTime, LocalTimeLike, LogLevel, LogRecord, Logger, LookupFailure, NumberRef, OnceOptions, OnceWhenDown, Outcome, OutgoingResponse, Payment, Payments, Phone, PlayItem, Reply, Runtime, RuntimeConfig, SettingProblem, Settings, SettingsOf, SettingsSchema, TestCallers, TokenConfig, TriggerApp, TriggerAppOptions, TriggerHandler, TriggerRequest, TriggerVersions, VariableValues, VersionsError, Weekday, WeeklyHours, answerTrigger, checkDecision, checkTimeZone, convertLocalTime, createTriggerApp, defineFlow, digits, hoursBetween, instantOf, isOpenAt, isWithinNextHours, jsonLogger, localTimeAt, memoryClaims, memoryLogger, memoryStore, parseLocalTime, parsePhone, phoneKey, reply, silentLogger };
