/**
 * Log lines to stdout, batched per event-loop turn: under load one write carries every line of a burst, instead of
 * one system call per request. Lines still leave within the turn; pending ones are flushed on exit.
 */
export function batchedStdout(): (line: string) => void {
  let pending: string[] = []
  const flush = () => {
    if (pending.length === 0) return
    process.stdout.write(`${pending.join('\n')}\n`)
    pending = []
  }
  process.once('exit', flush)
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush)
  }
}
