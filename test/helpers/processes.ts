import { type ChildProcess, spawn } from 'node:child_process'
import { expect } from 'vitest'

/** A free TCP port on loopback: the one the CLI's dev scripts use. */
export { freePort } from '../../adapters/node/_internal.ts'

export interface Spawned {
  readonly child: ChildProcess
  /** Everything the process printed so far. */
  output(): string
  stop(): Promise<void>
}

/**
 * Start a command in its own process group and wait until it prints `ready` (a pattern).
 * Fails with the output so far if it exits first or is not ready within `timeoutMs`.
 */
export function spawnUntil(
  command: string,
  args: readonly string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<Spawned> {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    detached: true,
    stdio: 'pipe',
  })
  let output = ''
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.pid === undefined) return resolve()
      // Exited, or killed by a signal (then exitCode stays null): what it started may still run in its group.
      const gone = child.exitCode !== null || child.signalCode !== null
      if (!gone) child.once('exit', () => resolve())
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // No process is left in the group.
      }
      if (gone) resolve()
    })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${command} was not ready in time:\n${output}`))
    }, options.timeoutMs ?? 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve({ child, output: () => output, stop })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`))
    })
  })
}

/**
 * SIGTERM to the started process alone (npm, or a shell), not its group, as a terminal or a supervisor sends it; then
 * wait until `up()` says the server it started is gone. Whatever is left in its group is stopped after.
 */
export async function expectStopsOnSigterm(started: Spawned, up: () => Promise<boolean>): Promise<void> {
  try {
    expect(await up()).toBe(true)
    process.kill(started.child.pid ?? 0, 'SIGTERM')
    await expect.poll(up, { timeout: 60_000, interval: 250 }).toBe(false)
  } finally {
    await started.stop()
  }
}

export interface Finished {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Run a command to its end and collect what it printed (`input`, if given, is its whole stdin).
 * Never rejects: a command that cannot start, or outlives `timeoutMs` (then killed), ends with `code: null`
 * and says why on stderr, so the calling test fails on its own assertion with the output in view.
 */
export function runToEnd(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd?: string
    readonly env?: NodeJS.ProcessEnv
    readonly input?: string
    readonly timeoutMs?: number
  } = {},
): Promise<Finished> {
  const timeoutMs = options.timeoutMs ?? 600_000
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? process.env,
      stdio: 'pipe',
    })
    let stdout = ''
    let stderr = ''
    let finished = false
    const finish = (code: number | null) => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      done({ code, stdout, stderr })
    }
    const timer = setTimeout(() => {
      stderr += `\n[runToEnd] ${command} still running after ${timeoutMs} ms: killed`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.once('error', (error) => {
      stderr += `\n[runToEnd] ${command} could not run: ${error.message}`
      finish(null)
    })
    child.once('close', (code) => finish(code))
    // A command that exits without reading its stdin closes the pipe under us (EPIPE): its output is the answer.
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}
