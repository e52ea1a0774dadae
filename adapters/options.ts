import { readEngineSettings } from '../src/_internal.ts'
import type { CallerStore, ClaimStore, Logger, RuntimeConfig } from '../src/index.ts'

/** A value, or how to make it from the platform's settings (a Worker's bindings, or `process.env`). */
export type FromSettings<T, Env> = T | ((settings: Env) => T)

/**
 * What every platform entry takes (`toWorker`, `toLambdaHandler`, `toVercelFunction`, `serve`, `triggerRoutes`): the
 * store, the claims, the logger and the settings the app's services get, each a value or `(settings) => value`; the
 * rest of the runtime (a clock, tokens, time zone…) as values. What is given wins over the engine's settings.
 */
export interface PlatformOptions<Env extends object>
  extends Omit<RuntimeConfig<Env>, 'store' | 'claims' | 'logger' | 'settings' | 'defer'> {
  /** The caller store: `jsonFileStore('callers.json')`, or from a Worker's bindings `(env) => kvStore(env.CALLERS)`. */
  readonly store?: FromSettings<CallerStore | undefined, Env> | undefined
  /** Where `deps.once` claims call steps. Default: the platform's (see docs/once.md), else this process's memory. */
  readonly claims?: FromSettings<ClaimStore | undefined, Env> | undefined
  readonly logger?: FromSettings<Logger | undefined, Env> | undefined
  /** The settings the app's services are built from. Default: the platform's own. */
  readonly settings?: FromSettings<Env, Env> | undefined
}

/** What a platform supplies itself: its claims (made only when the options give none), logger and `defer`. */
interface PlatformDefaults {
  readonly claims?: (() => ClaimStore | undefined) | undefined
  readonly logger?: Logger | undefined
  readonly defer?: ((task: Promise<unknown>) => void) | undefined
}

function fromSettings<T, Env>(option: FromSettings<T, Env>, settings: Env): T {
  return typeof option === 'function' ? (option as (settings: Env) => T)(settings) : option
}

/**
 * The one way a platform entry builds its runtime from the platform's settings: the engine's settings read from them
 * (`TRIGGER_TOKEN`, `TIME_ZONE`…), then the platform's defaults (its claims, its `defer`), then the options given.
 */
export function platformRuntime<Env extends object>(
  options: PlatformOptions<Env>,
  platformSettings: Env,
  defaults: PlatformDefaults = {},
): RuntimeConfig<Env> {
  const { store, claims, logger, settings, ...values } = options
  return {
    ...readEngineSettings(platformSettings),
    ...values,
    settings: settings === undefined ? platformSettings : fromSettings(settings, platformSettings),
    store: store === undefined ? undefined : fromSettings(store, platformSettings),
    // The platform's claims are made only when none are given: a store starts connecting as soon as it exists.
    claims: (claims === undefined ? undefined : fromSettings(claims, platformSettings)) ?? defaults.claims?.(),
    logger: (logger === undefined ? undefined : fromSettings(logger, platformSettings)) ?? defaults.logger,
    defer: defaults.defer,
  }
}
