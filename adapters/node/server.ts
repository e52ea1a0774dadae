import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'

export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>
}

export interface RunningServer {
  readonly url: string
  close(): Promise<void>
}

/** Serve a trigger app with @hono/node-server on loopback; port 0 picks a free one. */
export function startServer(app: FetchApp, port = 0, hostname = '127.0.0.1'): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}
