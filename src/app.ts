import { parseTokens, presentedToken, type TokenConfig, tokenMatches } from './auth.ts'
import type { CallerStore } from './callers.ts'
import { type Rejection, reject, rejectionBody } from './errors.ts'
import { type Clock, type Flow, systemClock } from './flow.ts'
import { jsonLogger, type Logger, scrubbing } from './log.ts'
import { type ClaimStore, checkOnceWhenDown, memoryClaims, type OnceWhenDown } from './once.ts'
import { type BodyLimits, DEFAULT_BODY_LIMITS, decodeBody } from './request/body.ts'
import { type IncomingRequest, incomingFromRequest, type OutgoingResponse, toResponse } from './request/incoming.ts'
import { FALLBACK_HEADER, ROUTE_HEADER } from './route.ts'
import { checkTimeZone, DEFAULT_TIME_ZONE } from './time.ts'
import { type Answer, answerTrigger, type TriggerRuntime } from './trigger.ts'

/**
 * The platform's settings, from which an app builds its services: Workers' `env` bindings, or `process.env` on
 * Lambda, Vercel and Node. An app that reads some names its own type (`services: (env: MySettings) => …`).
 */
export type Settings = object

/** How a deployment wires the engine; each adapter builds it from what its platform hands it. */
export interface RuntimeConfig<Env extends object = Settings> {
  readonly store?: CallerStore | undefined
  readonly logger?: Logger | undefined
  readonly clock?: Clock | undefined
  /** Zone of the platform's `date_time` (default `America/New_York`: Voitex is a US platform; see README). */
  readonly timeZone?: string | undefined
  /**
   * Accepted Trigger tokens (`TRIGGER_TOKEN`, comma-separated during rotation). Not configured (`undefined`): the
   * endpoint is open, and says so in a warning. Configured but empty (`''`, `','`): every Trigger is refused.
   */
  readonly tokens?: TokenConfig
  /** Work after the answer (`waitUntil`). Default: the platform's execution context if any, else run detached. */
  readonly defer?: ((task: Promise<unknown>) => void) | undefined
  /** Settings the app's `services` are built from (Workers pass their `env` per request instead). */
  readonly env?: Env | undefined
  /** Where `deps.once` claims call steps. Default: this process's memory (one instance only). */
  readonly claims?: ClaimStore | undefined
  /** What `deps.once` does when its claim store fails (`TRIGGER_ONCE_WHEN_DOWN`; default `at-most-once`). */
  readonly onceWhenDown?: OnceWhenDown | undefined
  /** Write each exchange as one more log line, to replay later (`TRIGGER_CAPTURE=1`). Off by default. */
  readonly capture?: boolean | undefined
  /** Looks callers up in place of `store`: how a replay answers from recorded lookups. */
  readonly lookup?: TriggerRuntime['lookup']
}

export interface TriggerAppOptions<Services, Env extends object> {
  /** One flow, or flows by trigger name (`/trigger/<name>`); `default` serves `/trigger` and names without a flow. */
  readonly flows: Flow<unknown, Services> | Readonly<Record<string, Flow<unknown, Services>>>
  /** What flows use besides the call (e.g. the Voitex client), built from the platform's settings. */
  readonly services?: (env: Env) => Services
  readonly limits?: Partial<BodyLimits>
}

/** The platform's execution context, where it has one (Workers): deferred work is handed to its `waitUntil`. */
export interface ExecutionContextLike {
  waitUntil(task: Promise<unknown>): void
}

/** The app bound to a runtime: what every platform adapter wraps. */
export interface TriggerHandler<Env extends object = Settings> {
  /** Web-standard: a `Request` in, a `Response` out (Workers, Vercel, tests). */
  fetch(request: Request, env?: Env, ctx?: ExecutionContextLike): Promise<Response>
  /** The same answer with no `Request` or `Response` made: for transports that are not Web-standard (Node, Lambda). */
  handle(request: IncomingRequest, env?: Env, ctx?: ExecutionContextLike): Promise<OutgoingResponse>
}

/**
 * A call-flow application, independent of any platform: its flows, and how to build their services. An adapter
 * binds it to a runtime (store, logger, tokens…) with `handler` (built once) or `handlerPerEnv` (once per platform
 * environment object, for Workers, whose bindings arrive with each request).
 */
export interface TriggerApp<Env extends object = Settings> {
  readonly flows: Readonly<Record<string, Flow<unknown, unknown>>>
  readonly limits: BodyLimits
  /** Bind the runtime now. A configuration error (an unknown time zone) throws here, not in the middle of a call. */
  handler(config?: RuntimeConfig<Env>): TriggerHandler<Env>
  /**
   * Bind the runtime once per environment object, at the first request that carries it. A configuration error is
   * logged and every Trigger with that environment is answered `503 misconfigured`.
   */
  handlerPerEnv(build: (env: Env) => RuntimeConfig<Env>): TriggerHandler<Env>
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

const NO_TOKEN = 'TRIGGER_TOKEN is set but holds no token: every Trigger is refused until it does'

interface Bound extends Omit<TriggerRuntime, 'defer'> {
  readonly tokens: ReturnType<typeof parseTokens>
  readonly defer: ((task: Promise<unknown>) => void) | undefined
}

type Binding = { ok: true; value: Bound } | { ok: false; error: string; logger: Logger }

function isFlow<S>(value: TriggerAppOptions<S, object>['flows']): value is Flow<unknown, S> {
  return typeof (value as Flow<unknown, S>).decide === 'function'
}

/**
 * A call-flow application: `POST /trigger[/<name>[/<token>]]` and `GET /health` on every platform. Every answer is
 * small JSON; a well-formed, authenticated Trigger request always gets a decision or its flow's fallback.
 */
export function createTriggerApp<Services = unknown, Env extends object = Settings>(
  options: TriggerAppOptions<Services, Env>,
): TriggerApp<Env> {
  const flows: Readonly<Record<string, Flow<unknown, Services>>> = isFlow(options.flows)
    ? { default: options.flows }
    : options.flows
  const limits = { ...DEFAULT_BODY_LIMITS, ...options.limits }

  function bind(config: RuntimeConfig<Env>, env: Env): Bound {
    const logger = scrubbing(config.logger ?? jsonLogger())
    const clock = config.clock ?? systemClock
    const timeZone = config.timeZone || DEFAULT_TIME_ZONE
    // A configured zone is checked at start (a typo is refused then, not in a call). The default needs no check, and
    // skipping it spares a cold start ICU's zone data (~9 ms) until a call converts a time.
    if (timeZone !== DEFAULT_TIME_ZONE) checkTimeZone(timeZone)
    // Every setting that refuses to start is checked before anything is logged about a start.
    const onceWhenDown = checkOnceWhenDown(config.onceWhenDown)
    const tokens = parseTokens(config.tokens)
    if (tokens.kind === 'open') {
      logger.write({
        level: 'warn',
        event: 'open_endpoint',
        message: 'TRIGGER_TOKEN is not set: anyone who knows this URL can drive your call flow',
      })
    } else if (tokens.kind === 'misconfigured') {
      logger.write({
        level: 'error',
        event: 'config_error',
        message: NO_TOKEN,
      })
    }
    return {
      store: config.store,
      logger,
      clock,
      timeZone,
      // No services configured: an empty object, so `deps.services.x` is undefined rather than a crash.
      services: options.services?.(env) ?? {},
      tokens,
      defer: config.defer,
      claims: config.claims ?? memoryClaims({ clock }),
      onceWhenDown,
      capture: config.capture === true,
      lookup: config.lookup,
    }
  }

  function serve(resolve: (env: Env | undefined) => Binding): TriggerHandler<Env> {
    const health = (env: Env | undefined): OutgoingResponse => {
      // Healthy only when Triggers can be answered: a misconfiguration that refuses them all shows here too.
      const binding = resolve(env)
      const problem = !binding.ok ? binding.error : binding.value.tokens.kind === 'misconfigured' ? NO_TOKEN : undefined
      if (problem) return json({ status: 'misconfigured', message: problem }, 503)
      return json({ status: 'ok', flows: Object.keys(flows) }, 200)
    }
    const trigger = async (
      request: IncomingRequest,
      name: string | undefined,
      token: string | undefined,
      env: Env | undefined,
      ctx: ExecutionContextLike | undefined,
    ): Promise<OutgoingResponse> => {
      const binding = resolve(env)
      if (!binding.ok) {
        binding.logger.write({ level: 'error', event: 'trigger', outcome: 'rejected', reason: 'misconfigured' })
        return refuse(reject('misconfigured', binding.error))
      }
      // Outside Workers there is no execution context: the task, already running, is simply left to finish.
      const platformDefer = (task: Promise<unknown>) => ctx?.waitUntil(task)
      const answer = await handleTrigger(request, name, token, binding.value, platformDefer)
      return { status: answer.status, body: answer.body, headers: answerHeaders(answer) }
    }
    // Not async: only a Trigger waits, and one promise fewer per request is measurable under load.
    const route = (
      request: IncomingRequest,
      env: Env | undefined,
      ctx?: ExecutionContextLike,
    ): OutgoingResponse | Promise<OutgoingResponse> => {
      const segments = pathSegments(request.path)
      if (segments?.length === 1 && segments[0] === 'health' && (request.method === 'GET' || request.method === 'HEAD'))
        return health(env)
      if (segments === undefined || segments[0] !== 'trigger' || segments.length > 3)
        return refuse(reject('not_found', 'no such route: POST /trigger or GET /health'))
      if (request.method !== 'POST')
        return refuse(reject('method_not_allowed', 'the Trigger accepts POST only'), { allow: 'POST' })
      return trigger(request, segments[1], segments[2], env, ctx)
    }
    const handle = async (
      request: IncomingRequest,
      env: Env | undefined,
      ctx: ExecutionContextLike | undefined,
    ): Promise<OutgoingResponse> => {
      try {
        return await route(request, env, ctx)
      } catch (error) {
        const binding = resolve(env)
        const logger = binding.ok ? binding.value.logger : binding.logger
        logger.write({ level: 'error', event: 'internal_error', error })
        return { status: 200, body: '{}', headers: JSON_HEADERS }
      }
    }
    return {
      handle,
      fetch: async (request, env, ctx) => toResponse(await handle(incomingFromRequest(request), env, ctx)),
    }
  }

  async function handleTrigger(
    request: IncomingRequest,
    pathName: string | undefined,
    pathToken: string | undefined,
    runtime: Bound,
    platformDefer: (task: Promise<unknown>) => void,
  ): Promise<Answer> {
    const started = runtime.clock.now()
    const name = pathName ?? 'default'
    // A name that names no flow may be a misplaced token: it is never logged as sent.
    const known = Object.hasOwn(flows, name)
    const logAs = known ? name : 'unknown'
    const rejected = (error: Rejection): Answer => {
      runtime.logger.write({ level: 'warn', event: 'trigger', trigger: logAs, outcome: 'rejected', reason: error.code })
      return { status: error.status, body: rejectionBody(error), outcome: 'rejected', timings: { totalMs: 0 } }
    }
    const { tokens } = runtime
    if (tokens.kind === 'misconfigured') {
      return rejected(reject('unauthorized', 'this endpoint has no valid trigger token configured'))
    }
    if (tokens.kind === 'tokens') {
      if (!(await tokenMatches(presentedToken(request, pathToken), tokens.tokens)))
        return rejected(reject('unauthorized', 'a valid trigger token is required'))
    } else if (pathToken !== undefined) {
      return rejected(reject('not_found', 'no such trigger'))
    }
    const flow = known ? flows[name] : flows.default
    if (!flow) return rejected(reject('not_found', 'no flow serves this trigger'))
    const raw = await request.body(limits.maxBytes)
    if (!raw.ok) return rejected(raw.error)
    const body = await decodeBody(raw.value, request.header('content-type'), limits)
    if (!body.ok) return rejected(body.error)
    // With its own defer (Node, Lambda, Vercel) the bound runtime serves as is: no copy per request.
    const withDefer = runtime.defer ? (runtime as TriggerRuntime) : { ...runtime, defer: platformDefer }
    const answer = await answerTrigger(flow, name, body.value, withDefer, { logAs })
    return { ...answer, timings: { ...answer.timings, totalMs: runtime.clock.now() - started } }
  }

  return {
    flows,
    limits,
    handler(config = {}) {
      const bound: Binding = { ok: true, value: bind(config, config.env ?? ({} as Env)) }
      return serve(() => bound)
    },
    handlerPerEnv(build) {
      const bindings = new WeakMap<object, Binding>()
      let withoutEnv: Binding | undefined
      return serve((env) => {
        const cached = env ? bindings.get(env) : withoutEnv
        if (cached) return cached
        const settings = env ?? ({} as Env)
        const config = build(settings)
        let binding: Binding
        try {
          binding = { ok: true, value: bind(config, settings) }
        } catch (error) {
          const logger = scrubbing(config.logger ?? jsonLogger())
          const message = error instanceof Error ? error.message : String(error)
          logger.write({ level: 'error', event: 'config_error', message })
          binding = { ok: false, error: message, logger }
        }
        if (env) bindings.set(env, binding)
        else withoutEnv = binding
        return binding
      })
    },
  }
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

/** JSON, not cached, with Server-Timing, and the route or the fallback's reason when there is one. */
function answerHeaders(answer: Answer): Record<string, string> {
  const { totalMs, flowMs, lookupMs } = answer.timings
  let timing = `total;dur=${totalMs}`
  if (flowMs !== undefined) timing += `, flow;dur=${flowMs}`
  if (lookupMs !== undefined) timing += `, lookup;dur=${lookupMs}`
  const headers: Record<string, string> = { ...JSON_HEADERS, 'server-timing': timing }
  if (answer.route !== undefined) headers[ROUTE_HEADER] = answer.route
  if (answer.outcome === 'fallback') headers[FALLBACK_HEADER] = answer.reason ?? 'fallback'
  return headers
}
