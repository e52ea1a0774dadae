import { connect, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { expectStopsOnSigterm, freePort, spawnUntil } from '../helpers/processes.ts'

// The real `npm start`, signalled as a platform or a terminal would: SIGTERM to npm's own process, not its group.
const body = JSON.stringify(SEED_REQUEST)

/** A POST /trigger whose headers the server has taken (it answered 100 Continue), with half its body sent. */
async function halfSentTrigger(port: number): Promise<{ socket: Socket; rest: string; reply: Promise<string> }> {
  const socket = connect(port, '127.0.0.1')
  let received = ''
  let closed: () => void = () => {}
  const reply = new Promise<string>((resolve) => {
    closed = () => resolve(received)
  })
  socket.on('data', (chunk) => {
    received += chunk.toString()
  })
  socket.on('close', () => closed())
  socket.on('error', () => closed())
  const half = body.slice(0, body.length / 2)
  socket.write(
    `POST /trigger HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
  )
  // 100 Continue: the request is in the server's hands, in flight.
  await new Promise<void>((resolve) => {
    const check = () => (received.includes('100 Continue') ? resolve() : socket.once('data', check))
    check()
  })
  socket.write(half)
  return { socket, rest: body.slice(half.length), reply }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

// npm start execs the server, so npm's signal reaches it. A user's `"start": "voitex-trigger dev"` leaves a shell
// between them that dies on the signal without passing it on: dev sees its parent gone and stops the same way.
const LAUNCHERS = [
  { name: 'npm start (exec)', command: 'npm', args: ['start', '--', '--drain-ms', '4000'] },
  {
    name: 'a shell that does not pass signals on',
    command: 'sh',
    args: ['-c', 'node --import tsx cli/main.ts dev --drain-ms 4000'],
  },
]

describe.each(LAUNCHERS)('$name, on SIGTERM', ({ command, args }) => {
  it('stops accepting, finishes the Trigger in flight, cuts a stuck upload at the drain deadline, and exits', async () => {
    const port = await freePort()
    const server = await spawnUntil(command, args, /Try it:/, {
      env: { ...process.env, PORT: String(port) },
      timeoutMs: 120_000,
    })
    const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()))
    const honest = await halfSentTrigger(port)
    const stuck = await halfSentTrigger(port)

    process.kill(server.child.pid ?? 0, 'SIGTERM')
    await expect.poll(() => server.output(), { timeout: 30_000 }).toMatch(/stopping \(in flight: 2/)
    expect(await refused(port)).toBe(true)
    // A second signal (an impatient Ctrl-C, npm passing it on) waits for the same drain. A shell that died on the
    // first has nothing to pass on.
    let signalledAgain = true
    try {
      process.kill(server.child.pid ?? 0, 'SIGTERM')
    } catch {
      signalledAgain = false
    }
    // The rest comes once the server has taken the second signal: it must not cut the drain short.
    if (signalledAgain)
      await expect.poll(() => server.output(), { timeout: 30_000 }).toMatch(/already stopping, the drain goes on/)
    honest.socket.write(honest.rest)
    const answer = await honest.reply
    expect(answer).toContain('HTTP/1.1 200 OK')
    expect(answer).toContain('"variables":{"paid":"yes"}')

    // The stuck upload never sends the rest: the server cuts it when the drain deadline passes, and exits.
    expect(await stuck.reply).not.toContain('HTTP/1.1 200')
    await exited
    await expect.poll(() => refused(port), { timeout: 30_000 }).toBe(true)
  }, 120_000)
})

// `npm run serve` runs the self-hosted entry under a shell that does not pass npm's signal on (no exec, so that the
// script also runs where there is no POSIX shell): the entry stops once that shell is gone.
describe("npm run serve, on SIGTERM to npm's own process", () => {
  it('stops listening and exits', async () => {
    const port = await freePort()
    const server = await spawnUntil('npm', ['run', 'serve'], /Trigger endpoint at/, {
      env: { ...process.env, PORT: String(port) },
      timeoutMs: 120_000,
    })
    await expectStopsOnSigterm(server, async () => !(await refused(port)))
  }, 120_000)
})
