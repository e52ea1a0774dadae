import { appendFileSync } from 'node:fs'
import { CAPTURE_EVENT, type Logger, redact } from '../../src/index.ts'
import { batchedLines } from './stdout.ts'

/**
 * A logger that also appends each capture line to `path` (`TRIGGER_CAPTURE_FILE`), redacted as the log stream is.
 * The file is opened now, so a path that cannot be written fails at start-up, not on a call; a write that fails
 * later is reported on stderr and never reaches the caller.
 */
export function withCaptureFile(logger: Logger, path: string): Logger {
  appendFileSync(path, '')
  const append = batchedLines((text) => {
    try {
      appendFileSync(path, text)
    } catch (error) {
      process.stderr.write(`voitex-trigger: capture lines not written to ${path}: ${String(error)}\n`)
    }
  })
  return {
    write(record) {
      logger.write(record)
      if (record.event === CAPTURE_EVENT) append(JSON.stringify(redact(record)))
    },
  }
}
