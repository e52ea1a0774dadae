import { type ChildProcess, spawn } from 'node:child_process'

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
      if (child.exitCode !== null || child.pid === undefined) return resolve()
      child.once('exit', () => resolve())
      process.kill(-child.pid, 'SIGTERM')
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

export interface Finished {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Run a command to its end and collect what it printed (`input`, if given, is its whole stdin). */
export function runToEnd(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly input?: string } = {},
): Promise<Finished> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? process.env,
      stdio: 'pipe',
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.once('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}
