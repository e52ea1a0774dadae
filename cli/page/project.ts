/** What `voitex-trigger dev` tells its page about the project (GET /_dev/project). */
export interface PageProject {
  /** The app's flows by trigger name, with the portal branches each declares (for the graph). */
  readonly flows: Readonly<
    Record<string, { readonly name: string; readonly branches?: Readonly<Record<string, string | number>> }>
  >
  /** The IVR map as read from the project (the page checks it again), or null with the reason. */
  readonly map: unknown
  readonly problem?: string | undefined
  /** Known callers of the embedded store: the number as the IVR sends it, and a name when the record has one. */
  readonly callers: readonly { readonly number: string; readonly name?: string | undefined }[]
  /** `TRIGGER_TOKEN` is set: the page asks for the token to send. */
  readonly tokenRequired: boolean
  /** Where "now" is read when no time of call is given (the server's `TIME_ZONE`). */
  readonly timeZone: string
  /** The versions of the app's flows (`stable` first): the page offers to call any of them. */
  readonly versions: readonly string[]
}
