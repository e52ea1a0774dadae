import { type ClaimStore, engineSettings, type RuntimeConfig } from '../src/index.ts'

/** What an entry is given: everything but `defer`, which each platform supplies. */
type EntryOptions<Env extends object> = Omit<RuntimeConfig<Env>, 'defer'>

/**
 * The runtime of an entry on a platform with `process.env` (Lambda, Vercel, Node), read once when the entry is made:
 * the engine's settings (`TRIGGER_TOKEN`, `TIME_ZONE`, `TRIGGER_CAPTURE`, `TRIGGER_ONCE_WHEN_DOWN`,
 * `TRIGGER_SECRET_NAMES`, `TRIGGER_VERSIONS`), the env the app's services are built from, and where `deps.once`
 * claims (`claims`, made only when `options` give none: a store starts connecting as soon as it exists). What
 * `options` give wins over all of them.
 */
export function runtimeFromProcessEnv<Env extends object>(
  options: EntryOptions<Env>,
  claims: (env: NodeJS.ProcessEnv) => ClaimStore | undefined,
): EntryOptions<Env> {
  const env = process.env
  return {
    ...engineSettings(env),
    env: env as Env,
    ...(options.claims === undefined ? { claims: claims(env) } : {}),
    ...options,
  }
}
