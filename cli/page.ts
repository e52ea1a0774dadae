import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { incomingFromRequest, parseTokens, presentedToken, type Tokens, tokenMatches } from '../src/_internal.ts'
import { parsePhone, type TokenConfig, type TriggerApp } from '../src/index.ts'
import { loadIvrMap } from '../testing/index.ts'
import type { PageProject } from './page/project.ts'
import { loadPeer } from './peers.ts'

/**
 * The page `voitex-trigger dev` serves at `/` (a phone over the simulator), its files and the project data it needs,
 * under the reserved prefix `/_dev/`. Only `dev` serves it: the deployed entries never do.
 */

/** Beside this module: built files in dist/page/ (the package), or the sources in cli/page/ (this repository). */
const PAGE = new URL('./page/', import.meta.url)

/** At most this many known callers are offered in the page's list. */
const MAX_CALLERS = 500

export interface PageOptions {
  readonly app: TriggerApp
  /** The IVR map file, read again at each page load so edits show on reload. */
  readonly map: string | undefined
  /** The embedded store's records, by phone key. */
  readonly callers: ReadonlyMap<string, unknown>
  /** `TRIGGER_TOKEN` as configured: when set, the callers' numbers and names go only to a request that carries it. */
  readonly tokens: TokenConfig
  readonly timeZone: string
}

async function pageScript(): Promise<string> {
  const built = new URL('page.js', PAGE)
  if (existsSync(built)) return readFile(built, 'utf8')
  // In this repository: built from the sources once, at start.
  const { buildPageScript } = await loadPeer('esbuild', 'building the dev page', () => import('./page-build.ts'))
  return buildPageScript()
}

/** The page's caller list, read once per start: at most `MAX_CALLERS`, whatever the store holds. */
function callerList(callers: ReadonlyMap<string, unknown>): PageProject['callers'] {
  const list: PageProject['callers'][number][] = []
  for (const [key, record] of callers) {
    if (list.length === MAX_CALLERS) break
    const name = (record as { name?: unknown } | null)?.name
    list.push({ number: parsePhone(key).nanp ?? key, ...(typeof name === 'string' ? { name } : {}) })
  }
  return list
}

async function projectData(
  options: PageOptions,
  tokens: Tokens,
  callers: PageProject['callers'],
  request: Request,
): Promise<PageProject> {
  const tokenRequired = tokens.kind !== 'open'
  // With a token set, the page may be reachable by others (--host): the caller list is the store's data.
  const showCallers =
    tokens.kind === 'open' ||
    (tokens.kind === 'tokens' && tokenMatches(presentedToken(incomingFromRequest(request), undefined), tokens.tokens))
  const flows = Object.fromEntries(
    Object.entries(options.app.flows).map(([trigger, flow]) => [
      trigger,
      { name: flow.name, ...(flow.branches ? { branches: flow.branches } : {}) },
    ]),
  )
  const versions = [...new Set(Object.values(options.app.versions).flatMap((byVersion) => Object.keys(byVersion)))]
  const base = { flows, callers: showCallers ? callers : [], tokenRequired, timeZone: options.timeZone, versions }
  if (!options.map)
    return { ...base, map: null, problem: 'no IVR map: set "map" in voitex-trigger.config.json, or pass --map' }
  try {
    return { ...base, map: await loadIvrMap(options.map) }
  } catch (error) {
    return { ...base, map: null, problem: error instanceof Error ? error.message : String(error) }
  }
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // Everything comes from this server: no CDN, no inline script.
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

function asset(body: string, type: string): Response {
  return new Response(body, {
    headers: { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' },
  })
}

/**
 * The page's routes, for `serve(app, { localRoutes })`: `GET /`, `/_dev/page.js`, `/_dev/page.css` and
 * `/_dev/project`. The files are read (and, in this repository, the script built) before the first request.
 */
export async function devPage(options: PageOptions): Promise<(request: Request) => Promise<Response | undefined>> {
  const [html, css, script] = await Promise.all([
    readFile(new URL('index.html', PAGE), 'utf8'),
    readFile(new URL('page.css', PAGE), 'utf8'),
    pageScript(),
  ])
  const callers = callerList(options.callers)
  // Once per start: the accepted tokens are then prepared for comparison once, not per request.
  const tokens = parseTokens(options.tokens)
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined
    switch (new URL(request.url).pathname) {
      case '/':
        return new Response(html, { headers: HTML_HEADERS })
      case '/_dev/page.js':
        return asset(script, 'text/javascript; charset=utf-8')
      case '/_dev/page.css':
        return asset(css, 'text/css; charset=utf-8')
      case '/favicon.ico':
        return new Response(null, { status: 204 })
      case '/_dev/project':
        return Response.json(await projectData(options, tokens, callers, request), {
          headers: { 'cache-control': 'no-store' },
        })
      default:
        return undefined
    }
  }
}
