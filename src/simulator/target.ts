import { FALLBACK_HEADER, ROUTE_HEADER, VERSION_HEADER } from '../route.ts'

export interface TargetAnswer {
  readonly status: number
  readonly text: string
  /** The route the flow named, when the endpoint says (the `x-trigger-route` header). */
  readonly route?: string | undefined
  /** Why the flow's fallback was sent, when the endpoint says (the `x-trigger-fallback` header). */
  readonly fallback?: string | undefined
  /** The version of the flow that answered, when the endpoint says (the `x-trigger-version` header). */
  readonly version?: string | undefined
}

/** How one request is sent. */
export interface PostOptions {
  /**
   * Ask for this version of the flow (`x-trigger-version`): honoured in-process and by `voitex-trigger dev`; a deployed
   * endpoint picks a call's version by its call_id or test callers, and says which one answered.
   */
  readonly version?: string | undefined
}

function answerOf(response: Response, text: string): TargetAnswer {
  const { headers } = response
  return {
    status: response.status,
    text,
    route: headers.get(ROUTE_HEADER) ?? undefined,
    fallback: headers.get(FALLBACK_HEADER) ?? undefined,
    version: headers.get(VERSION_HEADER) ?? undefined,
  }
}

/** Where the simulator sends Trigger requests: a flow app in-process, or any URL over HTTP. */
export interface SimulatorTarget {
  /** POST a Trigger request; the HTTP status and body text. Rejects when there is no answer at all. */
  post(trigger: string, body: Readonly<Record<string, unknown>>, options?: PostOptions): Promise<TargetAnswer>
  readonly description: string
}

function requestHeaders(options: PostOptions | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options?.version) headers[VERSION_HEADER] = options.version
  return headers
}

function triggerPath(trigger: string, token: string | undefined): string {
  const path = trigger === 'default' ? '/trigger' : `/trigger/${encodeURIComponent(trigger)}`
  return token ? `${path}?token=${encodeURIComponent(token)}` : path
}

/**
 * A trigger app (`createTriggerApp`) called in-process: fast, for unit tests. Bind it with `versionHeader: true` for
 * calls to run the version they ask for.
 */
export function appTarget(
  app: { fetch(request: Request): Response | Promise<Response> },
  options: { readonly token?: string } = {},
): SimulatorTarget {
  return {
    description: 'in-process',
    async post(trigger, body, post) {
      const request = new Request(`http://simulator${triggerPath(trigger, options.token)}`, {
        method: 'POST',
        headers: requestHeaders(post),
        body: JSON.stringify(body),
      })
      const response = await app.fetch(request)
      return answerOf(response, await response.text())
    },
  }
}

/**
 * A running endpoint over HTTP: the Node server, `wrangler dev`, `serverless offline` or a deployment.
 * `timeoutMs` (default 3000) stands in for how long the IVR waits: no answer in time is No Route Found.
 */
export function urlTarget(
  base: string,
  options: { readonly token?: string; readonly timeoutMs?: number } = {},
): SimulatorTarget {
  const root = base.replace(/\/$/, '')
  return {
    description: root,
    async post(trigger, body, post) {
      const response = await fetch(`${root}${triggerPath(trigger, options.token)}`, {
        method: 'POST',
        headers: requestHeaders(post),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
      })
      return answerOf(response, await response.text())
    },
  }
}
