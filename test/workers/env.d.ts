declare namespace Cloudflare {
  interface Env {
    readonly CALLERS: KVNamespace
    readonly TIME_ZONE: string
    readonly TRIGGER_CLAIMS: DurableObjectNamespace
    readonly TRIGGER_CAPTURE: string
    readonly TRIGGER_ONCE_WHEN_DOWN: string
    /** Secrets, unset in tests unless a test sets them. */
    readonly TRIGGER_TOKEN?: string
    readonly VOITEX_AUTH_KEY?: string
    /** Long-mode fuzz runs (`npm run fuzz`); empty in `npm test`. */
    readonly FUZZ_RUNS: string
  }
}
