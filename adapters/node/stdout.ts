/**
 * Lines written batched per event-loop turn: under load one write carries every line of a burst, instead of one
 * system call per request. Lines still leave within the turn; pending ones are flushed on exit.
 */
export function batchedLines(write: (text: string) => void): (line: string) => void {
  let pending: string[] = []
  const flush = () => {
    if (pending.length === 0) return
    const text = `${pending.join('\n')}\n`
    pending = []
    write(text)
  }
  process.once('exit', flush)
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush)
  }
}

/** Log lines to stdout, batched (see `batchedLines`). */
export function batchedStdout(): (line: string) => void {
  return batchedLines((text) => process.stdout.write(text))
}
