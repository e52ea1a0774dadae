import { type parseTokens, presentedToken, tokenMatches } from './auth.ts'
import { type Rejection, reject, rejectionBody } from './errors.ts'
import type { Flow } from './flow.ts'
import type { Logger } from './log.ts'
import { type BodyLimits, decodeBodyNow } from './request/body.ts'
import { type IncomingRequest, incomingFromRequest, type OutgoingResponse, toResponse } from './request/incoming.ts'
import { callIdText, scalarText } from './request/schema.ts'
import { FALLBACK_HEADER, ROUTE_HEADER, VERSION_HEADER } from './route.ts'
import { type Answer, answerTrigger, type Runtime, UNKNOWN_TRIGGER } from './trigger.ts'
import { requestedVersion, type VersionChooser } from './versions.ts'

/** The Trigger over HTTP: the app's routes read from a path, its refusals, and its answers with their headers. */

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

export const NO_TOKEN =
  'TRIGGER_TOKEN holds no token (it is empty, as serverless.yml passes an unset one, or only commas): every Trigger is refused until it holds one'

/** An app bound to its runtime: what every request is answered with. */
export interface BoundRuntime extends Omit<Runtime, 'defer'> {
  readonly tokens: ReturnType<typeof parseTokens>
  readonly versions: VersionChooser<Flow<unknown, unknown>>
  readonly versionHeader: boolean
  readonly defer: ((task: Promise<unknown>) => void) | undefined
}

/** A binding, or why the app cannot serve (a setting is missing or invalid), logged where it is made. */
export type BoundOrRefused = { ok: true; value: BoundRuntime } | { ok: false; error: string; logger: Logger }

/** The platform's execution context, where it has one (Workers): deferred work is handed to its `waitUntil`. */
export interface ExecutionContextLike {
  waitUntil(task: Promise<unknown>): void
}

/** What the app serves: its flows by trigger name, and the limits a body is read within. */
export interface TriggerRoutes {
  readonly flows: Readonly<Record<string, unknown>>
  readonly limits: BodyLimits
}

/**
 * Answer a request on `/trigger[/<name>[/<token>]]`: its token checked, its flow (and version) chosen, its body read
 * within the app's limits, and the answer sent with its headers. Every refusal is logged and is small JSON.
 */
async function answerTriggerRequest(
  request: IncomingRequest,
  pathName: string | undefined,
  pathToken: string | undefined,
  runtime: BoundRuntime,
  ctx: ExecutionContextLike | undefined,
  { flows, limits }: TriggerRoutes,
): Promise<OutgoingResponse> {
  const started = runtime.clock.now()
  const name = pathName ?? 'default'
  // A name that names no flow may be a misplaced token: it is never logged as sent.
  const known = Object.hasOwn(flows, name)
  const logAs = known ? name : UNKNOWN_TRIGGER
  const { tokens } = runtime
  if (tokens.kind === 'misconfigured') {
    return refused(runtime, logAs, reject('unauthorized', 'this endpoint has no valid trigger token configured'))
  }
  if (tokens.kind === 'tokens') {
    if (!tokenMatches(presentedToken(request, pathToken), tokens.tokens))
      return refused(runtime, logAs, reject('unauthorized', 'a valid trigger token is required'))
  } else if (pathToken !== undefined) {
    return refused(runtime, logAs, reject('not_found', 'no such trigger'))
  }
  const served = known ? name : 'default'
  if (!flows[served]) return refused(runtime, logAs, reject('not_found', 'no flow serves this trigger'))
  const raw = await request.body(limits.maxBytes)
  if (!raw.ok) return refused(runtime, logAs, raw.error)
  const decoded = decodeBodyNow(raw.value, request.header('content-type'), limits)
  // Only a multipart body is read asynchronously: a JSON one is not awaited, which would cost a turn.
  const body = decoded instanceof Promise ? await decoded : decoded
  if (!body.ok) return refused(runtime, logAs, body.error)
  const { call_id, cid } = (body.value ?? {}) as { call_id?: unknown; cid?: unknown }
  const { flow, version } = runtime.versions.choose(
    served,
    callIdText(call_id),
    // Read as the schema reads it: a test caller's number sent as JSON digits still gets its version.
    scalarText(cid),
    runtime.versionHeader ? requestedVersion(request.header(VERSION_HEADER)) : undefined,
  )
  // With its own defer (Node, Lambda, Vercel) the bound runtime serves as is: no copy per request.
  const withDefer = runtime.defer ? (runtime as Runtime) : { ...runtime, defer: deferTo(ctx) }
  const answer = await answerTrigger(flow, name, body.value, withDefer, { logAs, version })
  return { status: answer.status, body: answer.body, headers: answerHeaders(answer, runtime.clock.now() - started) }
}

/**
 * Deferred work handed to the platform's execution context (Workers). Outside Workers there is none: the task, already
 * running, is simply left to finish.
 */
function deferTo(ctx: ExecutionContextLike | undefined): (task: Promise<unknown>) => void {
  return (task) => ctx?.waitUntil(task)
}

/** A Trigger refused before its call is read, logged: no version answered it. */
function refused(runtime: BoundRuntime, logAs: string, error: Rejection): OutgoingResponse {
  runtime.logger.write({
    level: 'warn',
    event: 'trigger',
    trigger: logAs,
    version: null,
    outcome: 'rejected',
    reason: error.code,
  })
  return { status: error.status, body: rejectionBody(error), headers: answerHeaders(REJECTED, 0) }
}

/**
 * The decoded segments of a request's path (`/trigger/lookup` → `['trigger', 'lookup']`); undefined for an empty
 * segment or one that cannot be decoded. Three routes need no router.
 */
function pathSegments(path: string): string[] | undefined {
  if (path[0] !== '/') return undefined
  const segments = path.slice(1).split('/')
  try {
    const decoded = segments.map((segment) => (segment.includes('%') ? decodeURIComponent(segment) : segment))
    return decoded.some((segment) => segment === '') ? undefined : decoded
  } catch {
    return undefined
  }
}

function json(value: unknown, status: number): OutgoingResponse {
  return { status, body: JSON.stringify(value), headers: JSON_HEADERS }
}

function refuse(rejection: Rejection, headers: Record<string, string> = {}): OutgoingResponse {
  return { status: rejection.status, body: rejectionBody(rejection), headers: { ...JSON_HEADERS, ...headers } }
}

/** A refusal before a call is read, as `answerHeaders` reads it. */
const REJECTED: Pick<Answer, 'outcome' | 'timings'> = { outcome: 'rejected', timings: { totalMs: 0 } }

/**
 * JSON, not cached, with Server-Timing (`totalMs`: the whole request, its body read included), and the route or the
 * fallback's reason when there is one.
 */
function answerHeaders(
  answer: Pick<Answer, 'outcome' | 'timings' | 'route' | 'reason' | 'version'>,
  totalMs: number,
): Record<string, string> {
  const { flowMs, lookupMs } = answer.timings
  let timing = `total;dur=${totalMs}`
  if (flowMs !== undefined) timing += `, flow;dur=${flowMs}`
  if (lookupMs !== undefined) timing += `, lookup;dur=${lookupMs}`
  const headers: Record<string, string> = { ...JSON_HEADERS, 'server-timing': timing }
  if (answer.route !== undefined) headers[ROUTE_HEADER] = answer.route
  if (answer.outcome === 'fallback') headers[FALLBACK_HEADER] = answer.reason ?? 'fallback'
  if (answer.version !== undefined) headers[VERSION_HEADER] = answer.version
  return headers
}

/**
 * The app's routes on a binding: `POST /trigger[/<name>[/<token>]]` and `GET`/`HEAD /health`; anything else 404 or 405.
 * Whatever throws is logged and answered with `{}`, never a 5xx.
 */
export function serveTriggers<Env extends object>(
  resolve: (env: Env | undefined) => BoundOrRefused,
  { flows, limits }: TriggerRoutes,
): {
  fetch(request: Request, env?: Env, ctx?: ExecutionContextLike): Promise<Response>
  handle(request: IncomingRequest, env?: Env, ctx?: ExecutionContextLike): Promise<OutgoingResponse>
} {
  const health = (env: Env | undefined): OutgoingResponse => {
    // 503 only when Triggers are refused: a misconfiguration that refuses them all shows here too.
    const binding = resolve(env)
    if (!binding.ok) return json({ status: 'misconfigured', message: binding.error }, 503)
    if (binding.value.tokens.kind === 'misconfigured') return json({ status: 'misconfigured', message: NO_TOKEN }, 503)
    // A store with a problem leaves Triggers answered (degraded): still 200, so that a load balancer keeps sending
    // calls here, with a status a monitor can alert on. The problem itself (a file's path, a host) stays in the logs:
    // anyone may ask /health.
    const { store } = binding.value
    if (store?.problem !== undefined) {
      const message = `the caller store (${store.kind}) has a problem: its config_error log line says which`
      return json({ status: 'degraded', message, flows: Object.keys(flows) }, 200)
    }
    return json({ status: 'ok', flows: Object.keys(flows) }, 200)
  }
  const trigger = (
    request: IncomingRequest,
    name: string | undefined,
    token: string | undefined,
    env: Env | undefined,
    ctx: ExecutionContextLike | undefined,
  ): OutgoingResponse | Promise<OutgoingResponse> => {
    const binding = resolve(env)
    if (!binding.ok) {
      binding.logger.write({
        level: 'error',
        event: 'trigger',
        version: null,
        outcome: 'rejected',
        reason: 'misconfigured',
      })
      return refuse(reject('misconfigured', binding.error))
    }
    return answerTriggerRequest(request, name, token, binding.value, ctx, { flows, limits })
  }
  // Not async: only a Trigger waits, and one promise fewer per request is measurable under load.
  const route = (
    request: IncomingRequest,
    env: Env | undefined,
    ctx?: ExecutionContextLike,
  ): OutgoingResponse | Promise<OutgoingResponse> => {
    const segments = pathSegments(request.path)
    if (segments?.length === 1 && segments[0] === 'health' && (request.method === 'GET' || request.method === 'HEAD'))
      return request.method === 'HEAD' ? { ...health(env), body: '' } : health(env)
    if (segments === undefined || segments[0] !== 'trigger' || segments.length > 3)
      return refuse(reject('not_found', 'no such route: POST /trigger or GET /health'))
    if (request.method !== 'POST')
      return refuse(reject('method_not_allowed', 'the Trigger accepts POST only'), { allow: 'POST' })
    return trigger(request, segments[1], segments[2], env, ctx)
  }
  const failed = (env: Env | undefined, error: unknown): OutgoingResponse => {
    const binding = resolve(env)
    const logger = binding.ok ? binding.value.logger : binding.logger
    logger.write({ level: 'error', event: 'internal_error', error })
    return { status: 200, body: '{}', headers: JSON_HEADERS }
  }
  // Not async either: a Trigger's answer is handed on as its own promise, with no wrapper around it.
  const handle = (
    request: IncomingRequest,
    env: Env | undefined,
    ctx: ExecutionContextLike | undefined,
  ): Promise<OutgoingResponse> => {
    let routed: OutgoingResponse | Promise<OutgoingResponse>
    try {
      routed = route(request, env, ctx)
    } catch (error) {
      return Promise.resolve(failed(env, error))
    }
    return routed instanceof Promise
      ? routed.then(undefined, (error: unknown) => failed(env, error))
      : Promise.resolve(routed)
  }
  return {
    handle,
    fetch: async (request, env, ctx) => toResponse(await handle(incomingFromRequest(request), env, ctx)),
  }
}
