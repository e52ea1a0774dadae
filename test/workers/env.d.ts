declare namespace Cloudflare {
  interface Env {
    readonly CALLERS: KVNamespace
  }
}
