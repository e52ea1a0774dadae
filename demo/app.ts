import { createTriggerApp, createVoitexClient, emulatorUrls, type RuntimeConfig } from '../src/index.ts'
import { type DemoServices, demoFlow } from './flow.ts'

/** The Voitex settings an entry reads from its environment: the Auth-Key, and a base URL for the local emulator. */
export interface VoitexSettings {
  readonly VOITEX_AUTH_KEY?: string | undefined
  /** e.g. `http://127.0.0.1:8788` for `npm run emulator`; the real Voitex hosts when unset. */
  readonly VOITEX_API_URL?: string | undefined
}

export function demoServices(settings: VoitexSettings): DemoServices {
  const { VOITEX_AUTH_KEY: authKey, VOITEX_API_URL: base } = settings
  if (!authKey) return {}
  return { voitex: createVoitexClient({ authKey, timeoutMs: 5000, ...(base ? { urls: emulatorUrls(base) } : {}) }) }
}

/** The demo application: the flow plus whatever each platform's entry wires in (store, logger, tokens, client). */
export function demoApp<Env extends object = object>(runtime: (env: Env) => RuntimeConfig<DemoServices>) {
  return createTriggerApp<Env, DemoServices>({ flows: { default: demoFlow }, runtime })
}
