import type * as z from 'zod/mini'
import { needsEncoding, parseTokens, TOKEN_NEEDS_ENCODING, type TokenConfig } from './auth.ts'
import type { CallerStore } from './callers.ts'
import { type Clock, systemClock } from './clock.ts'
import type { Flow } from './flow.ts'
import { jsonLogger, type Logger, scrubbing } from './log.ts'
import { type ClaimStore, checkOnceWhenDown, memoryClaims, type OnceWhenDown } from './once.ts'
import { type BodyLimits, DEFAULT_BODY_LIMITS } from './request/body.ts'
import type { IncomingRequest, OutgoingResponse } from './request/incoming.ts'
import {
  readEngineSettings,
  readSettings,
  type SettingProblem,
  SettingsError,
  writtenSettingsProblems,
} from './settings.ts'
import { checkTimeZone, DEFAULT_TIME_ZONE } from './time.ts'
import type { Runtime } from './trigger.ts'
import {
  type BoundOrRefused,
  type BoundRuntime,
  type ExecutionContextLike,
  NO_TOKEN,
  serveTriggers,
} from './trigger-http.ts'
import { declareVersions, type TestCallers, type TriggerVersions, versionChooser } from './versions.ts'

/**
 * The platform's settings, from which an app builds its services: Workers' `env` bindings, or `process.env` on
 * Lambda, Vercel and Node. An app declares the ones it reads (`settings: z.object({ … })`).
 */
export type Settings = object

/**
 * An app's settings declaration: a zod object (zod or zod/mini) whose keys are the environment variables (Worker
 * vars or secrets) the app reads. Its input type is what every platform must hand the app (a Worker's `Env` extends
 * it); its output, what `services` receives.
 */
export type SettingsSchema = z.core.$ZodObject

/** What the platform hands an app for its declaration: `SettingsOf<typeof app>` in a Worker's `Env`. */
export type SettingsOf<App> = App extends TriggerApp<infer Env> ? Env : never

/** How a deployment wires the engine; each adapter builds it from what its platform hands it. */
export interface RuntimeConfig<Env extends object = Settings> {
  readonly store?: CallerStore | undefined
  readonly logger?: Logger | undefined
  readonly clock?: Clock | undefined
  /** Zone of the platform's `date_time` (default `America/New_York`: Voitex is a US platform; see docs/platform.md). */
  readonly timeZone?: string | undefined
  /**
   * Accepted Trigger tokens (`TRIGGER_TOKEN`, comma-separated during rotation). Not configured (`undefined`): the
   * endpoint is open, and says so in a warning. Configured but empty (`''`, `','`): every Trigger is refused.
   */
  readonly tokens?: TokenConfig
  /** Work after the answer (`waitUntil`). Default: the platform's execution context if any, else run detached. */
  readonly defer?: ((task: Promise<unknown>) => void) | undefined
  /** Settings the app's `services` are built from. Default with `handlerPerEnv`: the request's environment object. */
  readonly settings?: Env | undefined
  /** Where `deps.once` claims call steps. Default: this process's memory (one instance only). */
  readonly claims?: ClaimStore | undefined
  /** What `deps.once` does when its claim store fails (`TRIGGER_ONCE_WHEN_DOWN`; default `at-most-once`). */
  readonly onceWhenDown?: OnceWhenDown | undefined
  /** Write each exchange as one more log line, to replay later (`TRIGGER_CAPTURE=1`). Off by default. */
  readonly capture?: boolean | undefined
  /** Field names whose values are secrets, blanked in logs and captures (`TRIGGER_SECRET_NAMES`; see `secretNames`). */
  readonly secretNames?: readonly string[] | undefined
  /** Looks callers up in place of `store`: how a replay answers from recorded lookups. */
  readonly lookup?: Runtime['lookup']
  /** `TRIGGER_VERSIONS`: shares overriding the app's (`default:next=25`). One that cannot be read refuses to start. */
  readonly versions?: string | undefined
  /**
   * Answer with the version a request names in `x-trigger-version`: for local tools only (dev's page, the simulator
   * in-process, replay). Deployed entries never set it: there a call's version comes from its id or a test caller.
   */
  readonly versionHeader?: boolean | undefined
}

export interface TriggerAppOptions<Services, Env extends object> {
  /** One flow, or flows by trigger name (`/trigger/<name>`); `default` serves `/trigger` and names without a flow. */
  readonly flows: Flow<unknown, Services> | Readonly<Record<string, Flow<unknown, Services>>>
  /** What flows use besides the call (e.g. the Voitex client), built from the platform's settings. */
  readonly services?: (env: Env) => Services
  readonly limits?: Partial<BodyLimits>
  /**
   * Field names whose values are secrets (a variable `member_code`, or `acct_*`), blanked in every log line and
   * capture besides `DEFAULT_SECRET_NAMES` (`pin`, `*_pin`, `password`, `ssn`, `api_key`, `token`, `secret`,
   * `bearer`…) and those of the runtime (`TRIGGER_SECRET_NAMES`).
   */
  readonly secretNames?: readonly string[]
  /** Other versions of a trigger's flow and their shares of calls; the flow in `flows` is version `stable`. */
  readonly versions?: TriggerVersions<Services>
  /** Caller numbers that always get a version: `{ next: ['+17325550199'] }`. */
  readonly testCallers?: TestCallers
}

/** An app that declares its settings: `services` gets them parsed, and a missing or invalid one is refused. */
export interface DeclaredTriggerAppOptions<Services, Schema extends SettingsSchema> {
  readonly flows: TriggerAppOptions<Services, object>['flows']
  /**
   * The settings the app reads, declared once: `z.object({ VOITEX_AUTH_KEY: z.string() })`. Only these keys reach
   * `services`; an empty value counts as unset. One missing or invalid answers every Trigger `503 misconfigured`.
   */
  readonly settings: Schema
  readonly services?: (settings: z.output<Schema>) => Services
  readonly limits?: Partial<BodyLimits>
  /** Field names whose values are secrets, as in `TriggerAppOptions`. */
  readonly secretNames?: readonly string[]
  /** Other versions of a trigger's flow and their shares of calls; the flow in `flows` is version `stable`. */
  readonly versions?: TriggerVersions<Services>
  /** Caller numbers that always get a version: `{ next: ['+17325550199'] }`. */
  readonly testCallers?: TestCallers
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
  /** The app's own secret field names (`secretNames`), besides the defaults and the runtime's. */
  readonly secretNames: readonly string[]
  /** Every version of each trigger's flow, `stable` (the flow in `flows`) first. */
  readonly versions: Readonly<Record<string, Readonly<Record<string, Flow<unknown, unknown>>>>>
  /** The settings the app declares (`settings: z.object(…)`), by name; none without a declaration. */
  readonly settingNames: readonly string[]
  /**
   * What a platform would refuse in these settings as the app is bound (a deploy config's literal values): the
   * engine's (`TIME_ZONE`, `TRIGGER_ONCE_WHEN_DOWN`, `TRIGGER_VERSIONS`) and the declared ones. Each problem names
   * its setting, never a declared setting's value; one not given is not reported (a secret is set elsewhere), one
   * given empty reads as not set. `voitex-trigger lint` runs it on wrangler.toml's `[vars]` and serverless.yml's
   * environment.
   */
  checkSettings(settings: Readonly<Record<string, unknown>>): SettingProblem[]
  /**
   * Bind the runtime now. A configuration error (an unknown time zone) throws here, not in the middle of a call; a
   * missing or invalid declared setting is logged once and every Trigger is answered `503 misconfigured`.
   */
  handler(config?: RuntimeConfig<Env>): TriggerHandler<Env>
  /**
   * Bind the runtime once per environment object, at the first request that carries it. A configuration error is
   * logged and every Trigger with that environment is answered `503 misconfigured`.
   */
  handlerPerEnv(build: (env: Env) => RuntimeConfig<Env>): TriggerHandler<Env>
}

function isFlow<S>(value: TriggerAppOptions<S, object>['flows']): value is Flow<unknown, S> {
  return typeof (value as Flow<unknown, S>).decide === 'function'
}

/**
 * A call-flow application: `POST /trigger[/<name>[/<token>]]` and `GET /health` on every platform. Every answer is
 * small JSON; a well-formed, authenticated Trigger request always gets a decision or its flow's fallback.
 */
export function createTriggerApp<Services, Schema extends SettingsSchema>(
  options: DeclaredTriggerAppOptions<Services, Schema>,
): TriggerApp<z.input<Schema>>
export function createTriggerApp<Services = unknown, Env extends object = Settings>(
  options: TriggerAppOptions<Services, Env>,
): TriggerApp<Env>
export function createTriggerApp<Services, Env extends object>(
  options: TriggerAppOptions<Services, Env> | DeclaredTriggerAppOptions<Services, SettingsSchema>,
): TriggerApp<Env> {
  const settingsSchema = 'settings' in options ? options.settings : undefined
  const settingNames = settingsSchema ? Object.keys(settingsSchema._zod.def.shape) : []
  const buildServices = options.services as ((settings: unknown) => Services) | undefined
  const flows: Readonly<Record<string, Flow<unknown, Services>>> = isFlow(options.flows)
    ? { default: options.flows }
    : options.flows
  const limits = { ...DEFAULT_BODY_LIMITS, ...options.limits }
  const declaredVersions = declareVersions<Flow<unknown, Services>>(flows, options.versions, options.testCallers)

  /**
   * The engine's settings that can refuse to start, each checked alone: `bind` throws the first refusal and keeps
   * what each gives, `checkSettings` collects every refusal.
   */
  function engineChecks(config: Pick<RuntimeConfig<Env>, 'timeZone' | 'onceWhenDown' | 'versions'>) {
    return {
      TIME_ZONE: () => {
        const timeZone = config.timeZone || DEFAULT_TIME_ZONE
        // A configured zone is checked at start (a typo is refused then, not in a call). The default needs no check,
        // and skipping it spares a cold start ICU's zone data (~9 ms) until a call converts a time.
        if (timeZone !== DEFAULT_TIME_ZONE) checkTimeZone(timeZone)
        return timeZone
      },
      TRIGGER_ONCE_WHEN_DOWN: () => checkOnceWhenDown(config.onceWhenDown),
      TRIGGER_VERSIONS: () => versionChooser(declaredVersions, config.versions),
    }
  }

  function bind(config: RuntimeConfig<Env>, env: Env): BoundRuntime {
    const secretNames = [...(options.secretNames ?? []), ...(config.secretNames ?? [])]
    const logger = scrubbing(config.logger ?? jsonLogger(), [], secretNames)
    const clock = config.clock ?? systemClock
    // Every setting that refuses to start is checked before anything is logged about a start.
    const engine = engineChecks(config)
    const timeZone = engine.TIME_ZONE()
    const onceWhenDown = engine.TRIGGER_ONCE_WHEN_DOWN()
    const settings = settingsSchema ? readSettings(settingsSchema, settingNames, env) : env
    const versions = engine.TRIGGER_VERSIONS()
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
    } else if (needsEncoding(tokens.tokens)) {
      logger.write({ level: 'warn', event: 'token_format', message: TOKEN_NEEDS_ENCODING })
    }
    const { store } = config
    if (store?.problem !== undefined)
      logger.write({ level: 'error', event: 'config_error', message: `caller store (${store.kind}): ${store.problem}` })
    return {
      store: config.store,
      logger,
      clock,
      timeZone,
      // No services configured: an empty object, so `deps.services.x` is undefined rather than a crash.
      services: buildServices?.(settings) ?? {},
      tokens,
      defer: config.defer,
      claims: config.claims ?? memoryClaims({ clock }),
      onceWhenDown,
      capture: config.capture === true,
      secretNames,
      lookup: config.lookup,
      versions,
      versionHeader: config.versionHeader === true,
    }
  }

  /** A binding that refuses every Trigger, its reason logged once as it is made. */
  function refusing(config: RuntimeConfig<Env>, error: unknown): BoundOrRefused {
    const logger = scrubbing(config.logger ?? jsonLogger())
    const message = error instanceof Error ? error.message : String(error)
    logger.write({ level: 'error', event: 'config_error', message })
    return { ok: false, error: message, logger }
  }

  function checkSettings(settings: Readonly<Record<string, unknown>>): SettingProblem[] {
    const problems: SettingProblem[] = []
    const attempt = (setting: string, check: () => unknown) => {
      try {
        check()
      } catch (error) {
        let message = error instanceof Error ? error.message : String(error)
        // The engine's messages quote the value: not for a setting the app declares (it may be a secret).
        if (settingNames.includes(setting)) message = message.replace(/"[^"]*"/g, '"…"')
        problems.push({ setting, message: message.startsWith(setting) ? message : `${setting}: ${message}` })
      }
    }
    for (const [setting, check] of Object.entries(engineChecks(readEngineSettings(settings)))) attempt(setting, check)
    if (settingsSchema) problems.push(...writtenSettingsProblems(settingsSchema, settingNames, settings))
    return problems
  }

  return {
    flows,
    limits,
    secretNames: options.secretNames ?? [],
    settingNames,
    checkSettings,
    versions: Object.fromEntries(
      Object.entries(flows).map(([trigger, flow]) => [
        trigger,
        {
          stable: flow,
          ...Object.fromEntries(
            Object.entries(options.versions?.[trigger] ?? {}).map(([version, { flow }]) => [version, flow]),
          ),
        },
      ]),
    ),
    handler(config = {}) {
      let bound: BoundOrRefused
      try {
        bound = { ok: true, value: bind(config, config.settings ?? ({} as Env)) }
      } catch (error) {
        // A setting is the deployment's to fix, and its endpoint says so (503) rather than failing to load.
        if (!(error instanceof SettingsError)) throw error
        bound = refusing(config, error)
      }
      return serveTriggers<Env>(() => bound, { flows, limits })
    },
    handlerPerEnv(build) {
      const bindings = new WeakMap<object, BoundOrRefused>()
      let withoutEnv: BoundOrRefused | undefined
      return serveTriggers<Env>(
        (env) => {
          const cached = env ? bindings.get(env) : withoutEnv
          if (cached) return cached
          const settings = env ?? ({} as Env)
          // A build that throws (a binding missing from a Worker's env) refuses like a bad setting: 503, never a 500.
          let config: RuntimeConfig<Env> = {}
          let binding: BoundOrRefused
          try {
            config = build(settings)
            binding = { ok: true, value: bind(config, config.settings ?? settings) }
          } catch (error) {
            binding = refusing(config, error)
          }
          if (env) bindings.set(env, binding)
          else withoutEnv = binding
          return binding
        },
        { flows, limits },
      )
    },
  }
}
