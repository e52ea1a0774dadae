declare namespace Cloudflare {
  interface Env {
    readonly CALLERS: KVNamespace
    /** Long-mode fuzz runs (`npm run fuzz`); empty in `npm test`. */
    readonly FUZZ_RUNS: string
  }
}
