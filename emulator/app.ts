import type { Context, MiddlewareHandler } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { systemClock } from '../src/_internal.ts'
import type { Clock } from '../src/index.ts'
import { contacts } from './contacts.ts'
import { notificationCall, notify, sendSms } from './notify.ts'
import { uploadRecording } from './recordings.ts'
import type { Params, Reply } from './reply.ts'
import { EmulatorState } from './state.ts'

/** The largest request the emulator reads (an upload with its form), 10 MiB unless configured. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export interface EmulatorOptions {
  /** The Auth-Key it accepts (default `test-key`). */
  readonly authKey?: string
  /** Requests larger than this are refused with 413 before they are read (default 10 MiB). */
  readonly maxUploadBytes?: number
  /** Contact label numbers that exist (default 1–10). */
  readonly labels?: Iterable<number>
  /** When SMS and calls are stamped (the same `Clock` flows get: milliseconds since the epoch). */
  readonly clock?: Clock
}

/**
 * A local Voitex API: each service under a path named after its host (`/recording/upload/`, `/notify/`,
 * `/notify/notify/`, `/sms/send/`, `/contacts/`), with in-memory state, and `/_emulator/` to inspect and reset it.
 * Every route, the inspection ones too, needs the Auth-Key; every answer, an error too, is JSON.
 */
export function createEmulator(options: EmulatorOptions = {}) {
  const authKey = options.authKey ?? 'test-key'
  const clock = options.clock ?? systemClock
  let state = new EmulatorState(options.labels)
  const app = new Hono()
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  const error = (c: Context, message: string, status: 401 | 404 | 413 | 500) =>
    c.json({ status: 'error', errors: [message] }, status)

  const authorized: MiddlewareHandler = async (c, next) => {
    const given = c.req.header('auth-key') ?? c.req.header('auth_key')
    if (given !== authKey) return error(c, 'Invalid or missing Auth-Key', 401)
    return next()
  }
  app.use('*', authorized)
  app.use('*', bodyLimit({ maxSize: maxBytes, onError: (c) => error(c, `Request larger than ${maxBytes} bytes`, 413) }))
  app.onError((_, c) => error(c, 'Internal error', 500))

  const service =
    (handle: (params: Params, files: readonly File[]) => Reply) =>
    async (c: Context): Promise<Response> => {
      const { params, files } = await readParams(c)
      const reply = handle(params, files)
      return c.json(reply.body, reply.status as 200)
    }

  app.post(
    '/recording/upload/',
    service((params, files) => uploadRecording(state, params, files[0])),
  )
  app.post(
    '/notify/',
    service((params) => notificationCall(state, params)),
  )
  app.post(
    '/notify/notify/',
    service((params, files) => notify(state, params, clock, files)),
  )
  app.post(
    '/sms/send/',
    service((params) => sendSms(state, params)),
  )
  app.post(
    '/contacts/',
    service((params) => contacts(state, params)),
  )
  app.get('/_emulator/state', (c) => c.json(state.snapshot()))
  app.post('/_emulator/reset', (c) => {
    state = new EmulatorState(options.labels)
    return c.json({ status: 'success' })
  })
  app.notFound((c) => error(c, `No such endpoint: ${c.req.method} ${c.req.path}`, 404))

  return {
    app,
    get state() {
      return state
    },
  }
}

/** Form data (multipart or URL-encoded) or JSON, with trimmed names, and every file sent. */
async function readParams(c: Context): Promise<{ params: Params; files: File[] }> {
  const params: Record<string, string> = {}
  const files: File[] = []
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    const json: unknown = await c.req.json().catch(() => null)
    // Anything but an object (null, a list, a number) carries no parameters: the service says which are missing.
    if (json !== null && typeof json === 'object' && !Array.isArray(json))
      for (const [key, value] of Object.entries(json)) params[key.trim()] = String(value ?? '')
    return { params, files }
  }
  const body = await c.req.parseBody({ all: true }).catch(() => ({}))
  for (const [key, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') params[key.trim()] = item
      else if (item instanceof File) files.push(item)
    }
  }
  return { params, files }
}
