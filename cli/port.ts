import { UsageError } from './config.ts'

/** A port from the command line or the environment; anything else is refused, naming it. */
export function portNumber(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`"${text}" is not a port number`)
  return port
}

/**
 * Why a local server could not start, as one line for the user (no stack): a port in use names it and how to pick
 * another (`how`, e.g. `--port N (or PORT)`).
 */
export function cannotListen(error: unknown, port: number, how: string): UsageError {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'EADDRINUSE') return new UsageError(`port ${port} is in use: pass ${how}`)
  if (code === 'EACCES') return new UsageError(`port ${port} needs privileges to listen on: pass ${how}`)
  return new UsageError(`cannot start: ${error instanceof Error ? error.message : String(error)}`)
}
