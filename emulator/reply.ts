/** Request parameters with trimmed names (the vendor's own samples pad some: "album_number ", "from "). */
export type Params = Readonly<Record<string, string | undefined>>

export interface Reply {
  readonly status: number
  readonly body: Record<string, unknown>
}

/** The documented success shape, plus fields of the API's own. */
export function succeed(fields: Record<string, unknown>): Reply {
  return { status: 200, body: { status: 'success', ...fields } }
}

/** The documented error shape: `{ status: "error", errors: [...] }`. */
export function refuse(...errors: string[]): Reply {
  return { status: 200, body: { status: 'error', errors } }
}
