import { type Context, Hono } from 'hono'
import { routePath } from 'hono/route'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { incomingFromRequest, pathOf } from '../../src/_internal.ts'
import type { ExecutionContextLike, TriggerApp } from '../../src/index.ts'
import { type PlatformOptions, platformRuntime } from '../options.ts'

export type { FromSettings, PlatformOptions } from '../options.ts'

/** The patterns the Trigger routes are registered under, inside the mounted app. */
const PATTERNS = ['/trigger', '/trigger/*', '/health'] as const

/**
 * The Trigger routes (`POST /trigger[/<name>[/<token>]]`, `GET /health`) as a Hono app to mount into yours:
 * `yours.route('/voitex', triggerRoutes(app))`. The answers are those of every other adapter; deferred work goes to
 * the Worker's `waitUntil` where there is one.
 */
export function triggerRoutes<Env extends object>(app: TriggerApp<Env>, options: PlatformOptions<Env> = {}): Hono {
  // Built once per settings object: a Worker's bindings (`c.env`), or `process.env` where the request carries none.
  const handler = app.handlerPerEnv((settings) => platformRuntime(options, settings))
  const routes = new Hono()
  for (const pattern of PATTERNS)
    routes.all(pattern, async (c) => {
      const request = c.req.raw
      const path = pathInside(pathOf(request.url), routePath(c), pattern)
      const answer = await handler.handle(incomingFromRequest(request, path), settingsOf<Env>(c), executionContext(c))
      return c.body(answer.body, answer.status as ContentfulStatusCode, answer.headers)
    })
  return routes
}

/**
 * The request's path without the prefix the routes are mounted under (`/voitex/trigger` → `/trigger`): as many
 * segments as the mounted pattern has before the Trigger's own, so a prefix with parameters (`/:tenant`) works too.
 */
function pathInside(path: string, mountedPattern: string, pattern: string): string {
  const prefix = mountedPattern.endsWith(pattern) ? mountedPattern.slice(0, -pattern.length) : ''
  const depth = prefix.split('/').filter(Boolean).length
  if (depth === 0) return path
  return `/${path
    .split('/')
    .slice(depth + 1)
    .join('/')}`
}

/** A Worker's bindings, or `process.env` where the request carries none (Node's bindings are its request objects). */
function settingsOf<Env extends object>(c: Context): Env {
  const env = c.env as object | undefined
  const onNode = env === undefined || 'incoming' in env
  return (onNode ? (globalThis.process?.env ?? {}) : env) as Env
}

function executionContext(c: Context): ExecutionContextLike | undefined {
  try {
    return c.executionCtx
  } catch {
    // Hono throws when the platform gives none (Node): deferred work then runs detached.
    return undefined
  }
}
