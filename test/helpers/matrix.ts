import { afterAll, beforeAll, describe } from 'vitest'
import { incomingFromNode } from '../../adapters/node/incoming.ts'
import { listenNode, sendOutgoing } from '../../adapters/node/server.ts'
import { listen } from '../../adapters/node/web.ts'
import type { TriggerHandler } from '../../src/index.ts'

/** Sends a request to the app under test and returns its response. */
export type Send = (path: string, init?: RequestInit) => Promise<Response>

/** Anything with a Web-standard fetch: a bound trigger app, an adapter's output. */
export interface Fetchable {
  fetch(request: Request): Response | Promise<Response>
}

/**
 * A Node server on a free loopback port, for tests: no signal handlers, a short drain. A bound trigger app is served
 * on Node's native path (as `serve` does), anything else through a Web-standard bridge.
 */
export function testServer(handler: Fetchable | TriggerHandler) {
  const options = { port: 0, handleSignals: false, drainMs: 100 }
  if ('handle' in handler)
    return listenNode(
      async (request, response) => sendOutgoing(response, await handler.handle(incomingFromNode(request))),
      options,
    )
  return listen((request) => handler.fetch(request), options)
}

/**
 * Run one suite twice: in-process (`fetch`) and through a real Node HTTP server on loopback,
 * so what passes in-process is shown to hold on the wire.
 */
export function describeMatrix(name: string, handler: Fetchable, suite: (send: Send) => void): void {
  describe(`${name} (in-process)`, () => {
    suite(async (path, init) => await handler.fetch(new Request(`http://local${path}`, init)))
  })
  describe(`${name} (Node server)`, () => {
    let url = ''
    let close: () => Promise<void> = async () => {}
    beforeAll(async () => {
      const server = await testServer(handler)
      url = server.url
      close = server.close
    })
    afterAll(() => close())
    suite((path, init) => fetch(`${url}${path}`, init))
  })
}
