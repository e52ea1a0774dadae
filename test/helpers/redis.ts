import { spawnSync } from 'node:child_process'
import { freePort, type Spawned, spawnUntil } from './processes.ts'

export interface LocalRedis {
  readonly url: string
  /** The server's process id (to stall it with SIGSTOP, resume it with SIGCONT). */
  readonly pid: number
  stop(): Promise<void>
}

/**
 * Start a real redis-server (Debian's, installed by .ci/run) on a free loopback port. Without one, under CI=true
 * this fails; elsewhere it returns the reason and the suite is skipped with that reason printed.
 */
export async function startRedis(): Promise<LocalRedis | { readonly unavailable: string }> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    const reason = 'redis-server is not installed (apt-get install redis-server; .ci/run does this)'
    if (process.env.CI === 'true') throw new Error(reason)
    console.warn(`Skipping Redis tests: ${reason}`)
    return { unavailable: reason }
  }
  const port = await freePort()
  const server: Spawned = await spawnUntil(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /Ready to accept connections/,
    { timeoutMs: 10_000 },
  )
  return { url: `redis://127.0.0.1:${port}`, pid: server.child.pid ?? 0, stop: server.stop }
}
