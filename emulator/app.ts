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
    (handle: (params: Params, file: File | undefined) => Reply) =>
    async (c: Context): Promise<Response> => {
      const given = c.req.header('auth-key') ?? c.req.header('auth_key')
      if (given !== authKey) return c.json({ status: 'error', errors: ['Invalid or missing Auth-Key'] }, 401)
      const { params, file } = await readParams(c)
      const reply = handle(params, file)
      return c.json(reply.body, reply.status as 200)
    }

  app.post(
    '/recording/upload/',
    service((params, file) => uploadRecording(state, params, file)),
  )
  app.post(
    '/notify/',
    service((params) => notificationCall(state, params)),
  )
  app.post(
    '/notify/notify/',
    service((params) => notify(state, params, clock)),
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

/** Form data (multipart or URL-encoded) or JSON, with trimmed names; the first file field, if any. */
async function readParams(c: Context): Promise<{ params: Params; file: File | undefined }> {
  const params: Record<string, string> = {}
  let file: File | undefined
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    const json = (await c.req.json().catch(() => ({}))) as Record<string, unknown>
    for (const [key, value] of Object.entries(json)) params[key.trim()] = String(value ?? '')
    return { params, file }
  }
  const body = await c.req.parseBody().catch(() => ({}))
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') params[key.trim()] = value
    else if (value instanceof File) file ??= value
  }
  return { params, file }
}
