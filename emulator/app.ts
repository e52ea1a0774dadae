import type { Context } from 'hono'
import { Hono } from 'hono'
import { contacts } from './contacts.ts'
import { type Clock, notificationCall, notify, sendSms } from './notify.ts'
import { uploadRecording } from './recordings.ts'
import type { Params, Reply } from './reply.ts'
import { EmulatorState } from './state.ts'

export interface EmulatorOptions {
  /** The Auth-Key it accepts (default `test-key`). */
  readonly authKey?: string
  /** Contact label numbers that exist (default 1–10). */
  readonly labels?: Iterable<number>
  readonly clock?: Clock
}

/**
 * A local Voitex API: each service under a path named after its host (`/recording/upload/`, `/notify/`,
 * `/notify/notify/`, `/sms/send/`, `/contacts/`), with in-memory state, and `/_emulator/` to inspect and reset it.
 */
export function createEmulator(options: EmulatorOptions = {}) {
  const authKey = options.authKey ?? 'test-key'
  const clock = options.clock ?? { now: () => new Date() }
  let state = new EmulatorState(options.labels)
  const app = new Hono()

  const service =
    (handle: (params: Params, files: readonly File[]) => Reply) =>
    async (c: Context): Promise<Response> => {
      const given = c.req.header('auth-key') ?? c.req.header('auth_key')
      if (given !== authKey) return c.json({ status: 'error', errors: ['Invalid or missing Auth-Key'] }, 401)
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
  app.notFound((c) => c.json({ status: 'error', errors: [`No such endpoint: ${c.req.method} ${c.req.path}`] }, 404))

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
    const json = (await c.req.json().catch(() => ({}))) as Record<string, unknown>
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
