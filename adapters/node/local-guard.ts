import { isIP } from 'node:net'

/** What a guard reads of a request: no body, no Web `Request` needed. */
export interface GuardedRequest {
  readonly method: string
  readonly path: string
  header(name: string): string | undefined
}

/** Why a request is refused: answered as JSON `{ "error": … }` with this status. */
interface Refusal {
  readonly status: number
  readonly error: string
}

export type RequestGuard = (request: GuardedRequest) => Refusal | undefined

/**
 * The guard of a local tool's server (`voitex-trigger dev`, the emulator). Such a server is open to every page in
 * the user's browser, so it answers only requests meant for it:
 * - the `Host` must be a loopback name, an IP address (a DNS rebinding attack needs a name of its own), or a name
 *   the user allowed (`--allow-host`, or the `--host` they listen on);
 * - a browser's request from another site (`Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin` that is not
 *   this server's) is refused, except a plain navigation to a page (a link followed to `GET /`).
 * Requests without those headers (curl, the IVR, a test) are not a browser's and pass. Deployed entries have no
 * guard: there the platform owns the `Host`.
 */
export function localGuard(allowedHosts: readonly string[] = []): RequestGuard {
  const allowed = new Set(allowedHosts.map((host) => hostnameOf(host)).filter((host) => host !== ''))
  return (request) => {
    const host = request.header('host') ?? ''
    const hostname = hostnameOf(host)
    if (!(isLoopbackName(hostname) || isIP(hostname) !== 0 || allowed.has(hostname)))
      return {
        status: 403,
        error: `Host "${printable(host)}" is not this local server: open it at 127.0.0.1 or localhost, or allow the name with --allow-host`,
      }
    const site = request.header('sec-fetch-site')
    const origin = request.header('origin')
    const reading = request.method === 'GET' || request.method === 'HEAD'
    const navigation = reading && request.header('sec-fetch-mode') === 'navigate'
    if ((site === 'cross-site' || site === 'same-site') && !navigation)
      return { status: 403, error: 'a request from another site is refused by this local server' }
    if (origin !== undefined && origin !== `http://${host}` && !navigation)
      return { status: 403, error: `a request from the origin "${printable(origin)}" is refused by this local server` }
    return undefined
  }
}

/** `Example.COM:8787` → `example.com`, `[::1]:80` → `::1`. */
function hostnameOf(host: string): string {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '')
  return name.toLowerCase().replace(/\.$/, '')
}

function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost')
}

/** A header echoed in an error: bounded, printable ASCII only. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 100)
}
