import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import { parseTokens, presentedToken, tokenMatches } from './auth.ts'
import type { CallerStore } from './callers.ts'
import { type Rejection, reject, rejectionBody } from './errors.ts'
import { type Clock, type Flow, systemClock } from './flow.ts'
import { jsonLogger, type Logger } from './log.ts'
import { type BodyLimits, DEFAULT_BODY_LIMITS, readBody } from './request/body.ts'
import { DEFAULT_TIME_ZONE } from './time.ts'
import { type Answer, answerTrigger, type TriggerRuntime } from './trigger.ts'

/** How a deployment wires the engine; adapters build it from their platform's environment and bindings. */
export interface RuntimeConfig<Services = unknown> {
  readonly store?: CallerStore | undefined
  readonly logger?: Logger | undefined
  readonly clock?: Clock | undefined
  /** Zone of the platform's `date_time` (default `America/New_York`: Voitex is a US platform; see README). */
  readonly timeZone?: string | undefined
  /** Accepted Trigger tokens (`TRIGGER_TOKEN`, comma-separated during rotation). None: the endpoint is open. */
  readonly tokens?: string | readonly string[] | undefined
  readonly services?: Services | undefined
  /** A deployed endpoint: with no token configured, log a warning at start-up (the local demo may run open). */
  readonly production?: boolean | undefined
  /** Work after the answer (`waitUntil`). Default: the platform's execution context if any, else run detached. */
  readonly defer?: ((task: Promise<unknown>) => void) | undefined
}

export interface TriggerAppOptions<Env extends object, Services> {
  /** One flow, or flows by trigger name (`/trigger/<name>`); `default` serves `/trigger` and unknown names. */
  readonly flows: Flow<unknown, Services> | Readonly<Record<string, Flow<unknown, Services>>>
  /** Called once, or, when it takes the platform's environment as a parameter, once per environment object. */
  readonly runtime?: (env: Env) => RuntimeConfig<Services>
  readonly limits?: Partial<BodyLimits>
}

/** The route a flow named (`reply().route(...)`), for the simulator and debugging; the IVR ignores it. */
export const ROUTE_HEADER = 'x-trigger-route'
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

interface Resolved<Services> extends Omit<TriggerRuntime<Services>, 'defer'> {
  readonly tokens: readonly string[]
  readonly defer: ((task: Promise<unknown>) => void) | undefined
}

function isFlow<S>(value: TriggerAppOptions<object, S>['flows']): value is Flow<unknown, S> {
  return typeof (value as Flow<unknown, S>).decide === 'function'
}

/**
 * The HTTP face of the engine, the same on every runtime: `POST /trigger[/<name>[/<token>]]`, `GET /health`.
 * Every answer is small JSON; nothing reaches the platform as a 5xx.
 */
export function createTriggerApp<Env extends object = object, Services = unknown>(
  options: TriggerAppOptions<Env, Services>,
) {
  const flows: Readonly<Record<string, Flow<unknown, Services>>> = isFlow(options.flows)
    ? { default: options.flows }
    : options.flows
  const limits = { ...DEFAULT_BODY_LIMITS, ...options.limits }
  const resolved = new WeakMap<object, Resolved<Services>>()
  let resolvedWithoutEnv: Resolved<Services> | undefined
  // A runtime function that takes no environment is resolved once; one that reads the platform's environment
  // (Workers' bindings) once per environment object.
  const perEnv = (options.runtime?.length ?? 0) > 0

  function resolve(env: Env): Resolved<Services> {
    const key = perEnv && typeof env === 'object' && env !== null ? env : undefined
    const cached = key ? resolved.get(key) : resolvedWithoutEnv
    if (cached) return cached
    const config = options.runtime?.(env) ?? {}
    const runtime: Resolved<Services> = {
      store: config.store,
      logger: config.logger ?? jsonLogger(),
      clock: config.clock ?? systemClock,
      timeZone: config.timeZone ?? DEFAULT_TIME_ZONE,
      // No services configured: an empty object, so `deps.services.x` is undefined rather than a crash.
      services: (config.services ?? {}) as Services,
      tokens: parseTokens(config.tokens),
      defer: config.defer,
    }
    if (config.production && runtime.tokens.length === 0) {
      runtime.logger.write({
        level: 'warn',
        event: 'open_endpoint',
        message: 'TRIGGER_TOKEN is not set: anyone who knows this URL can drive your call flow',
      })
    }
    if (key) resolved.set(key, runtime)
    else resolvedWithoutEnv = runtime
    return runtime
  }

  const app = new Hono<{ Bindings: Env }>()

  app.get('/health', (c) => c.json({ status: 'ok', flows: Object.keys(flows) }))

  const trigger = async (c: Context<{ Bindings: Env }>) => {
    const runtime = resolve(c.env)
    const name = c.req.param('name') ?? 'default'
    // Looked up only when a flow defers work: outside Workers, Hono's executionCtx getter throws (costly per request),
    // and the task, already running, is simply left to finish.
    const platformDefer = (task: Promise<unknown>) => {
      try {
        c.executionCtx.waitUntil(task)
      } catch {}
    }
    const answer = await handleTrigger(c.req.raw, name, c.req.param('token'), runtime, platformDefer)
    const route = answer.route === undefined ? {} : { [ROUTE_HEADER]: answer.route }
    return new Response(answer.body, {
      status: answer.status,
      headers: { ...JSON_HEADERS, ...timingHeader(answer), ...route },
    })
  }
  app.post('/trigger', trigger)
  app.post('/trigger/:name', trigger)
  app.post('/trigger/:name/:token', trigger)

  app.all('/trigger/*', () => refuse(reject('method_not_allowed', 'the Trigger accepts POST only'), { allow: 'POST' }))
  app.all('/trigger', () => refuse(reject('method_not_allowed', 'the Trigger accepts POST only'), { allow: 'POST' }))
  app.notFound(() => refuse(reject('not_found', 'no such route: POST /trigger or GET /health')))
  app.onError((error, c) => {
    resolve(c.env).logger.write({ level: 'error', event: 'internal_error', error })
    return new Response('{}', { status: 200, headers: JSON_HEADERS })
  })

  async function handleTrigger(
    request: Request,
    name: string,
    pathToken: string | undefined,
    runtime: Resolved<Services>,
    platformDefer: (task: Promise<unknown>) => void,
  ): Promise<Answer> {
    const started = runtime.clock.now()
    const rejected = (error: Rejection): Answer => {
      runtime.logger.write({ level: 'warn', event: 'trigger', trigger: name, outcome: 'rejected', reason: error.code })
      return { status: error.status, body: rejectionBody(error), outcome: 'rejected', timings: { totalMs: 0 } }
    }
    if (runtime.tokens.length > 0) {
      const token = presentedToken(request, pathToken)
      if (!(await tokenMatches(token, runtime.tokens)))
        return rejected(reject('unauthorized', 'a valid trigger token is required'))
    } else if (pathToken !== undefined) {
      return rejected(reject('not_found', 'no such trigger'))
    }
    const flow = (Object.hasOwn(flows, name) ? flows[name] : undefined) ?? flows.default
    if (!flow) return rejected(reject('not_found', `no flow for trigger "${name.slice(0, 40)}"`))
    const body = await readBody(request, limits)
    if (!body.ok) return rejected(body.error)
    const defer = runtime.defer ?? platformDefer
    const answer = await answerTrigger(flow, name, body.value, { ...runtime, defer })
    return { ...answer, timings: { ...answer.timings, totalMs: runtime.clock.now() - started } }
  }

  return app
}

function refuse(rejection: Rejection, headers: Record<string, string> = {}): Response {
  return new Response(rejectionBody(rejection), { status: rejection.status, headers: { ...JSON_HEADERS, ...headers } })
}

function timingHeader(answer: Answer): Record<string, string> {
  const { totalMs, flowMs, lookupMs } = answer.timings
  const parts = [`total;dur=${totalMs}`]
  if (flowMs !== undefined) parts.push(`flow;dur=${flowMs}`)
  if (lookupMs !== undefined) parts.push(`lookup;dur=${lookupMs}`)
  return { 'server-timing': parts.join(', ') }
}
