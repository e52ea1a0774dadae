import { afterAll, beforeAll, describe } from 'vitest'
import { type FetchApp, startServer } from '../../adapters/node/server.ts'

/** Sends a request to the app under test and returns its response. */
export type Send = (path: string, init?: RequestInit) => Promise<Response>

/**
 * Run one suite twice: in-process (`app.fetch`) and through a real Node HTTP server on loopback,
 * so what passes in-process is shown to hold on the wire.
 */
export function describeMatrix(name: string, app: FetchApp, suite: (send: Send) => void): void {
  describe(`${name} (in-process)`, () => {
    suite(async (path, init) => app.fetch(new Request(`http://local${path}`, init)))
  })
  describe(`${name} (Node server)`, () => {
    let url = ''
    let close: () => Promise<void> = async () => {}
    beforeAll(async () => {
      const server = await startServer(app)
      url = server.url
      close = server.close
    })
    afterAll(() => close())
    suite((path, init) => fetch(`${url}${path}`, init))
  })
}
