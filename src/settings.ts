import { captureSetting } from './capture.ts'
import type { OnceWhenDown } from './once.ts'

/** The settings of this engine every adapter reads from the platform: environment variables, or Worker bindings. */
export interface EngineSettings {
  /** `1` writes one capture line per exchange (see `voitex-trigger replay`). */
  readonly TRIGGER_CAPTURE?: string | undefined
  /** `at-most-once` (default) or `at-least-once`: what `deps.once` does when its claim store is down. */
  readonly TRIGGER_ONCE_WHEN_DOWN?: string | undefined
}

/** The runtime options those settings give. A wrong `TRIGGER_ONCE_WHEN_DOWN` is refused where the app is bound. */
export function engineSettings(settings: object): { capture: boolean; onceWhenDown: OnceWhenDown | undefined } {
  const { TRIGGER_CAPTURE, TRIGGER_ONCE_WHEN_DOWN } = settings as Record<string, unknown>
  return {
    capture: captureSetting(TRIGGER_CAPTURE),
    onceWhenDown: typeof TRIGGER_ONCE_WHEN_DOWN === 'string' ? (TRIGGER_ONCE_WHEN_DOWN as OnceWhenDown) : undefined,
  }
}
