import { appendFileSync, closeSync, fchmodSync, fstatSync, openSync } from 'node:fs'
import { CAPTURE_EVENT, logLine } from '../../src/_internal.ts'
import type { Logger } from '../../src/index.ts'
import { batchedLines } from './stdout.ts'

/** The largest a capture file grows by default (`TRIGGER_CAPTURE_MAX_BYTES`): 100 MiB, some 50,000 exchanges. */
const DEFAULT_CAPTURE_MAX_BYTES = 100 * 1024 * 1024

/** `TRIGGER_CAPTURE_MAX_BYTES` read: a whole number of bytes; anything else is refused at start. */
export function captureMaxBytesSetting(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (!/^\d{1,15}$/.test(value.trim()))
    throw new Error(`TRIGGER_CAPTURE_MAX_BYTES must be a whole number of bytes, not ${JSON.stringify(value)}`)
  return Number(value.trim())
}

/**
 * A logger that also appends each capture line to `path` (`TRIGGER_CAPTURE_FILE`), the same line as the log stream's.
 * The file is opened now, so a path that cannot be written fails at start-up, not on a call; a write that fails
 * later is reported on stderr and never reaches the caller. It holds call data: it is made readable by its owner
 * only (0600). It stops growing at `maxBytes`, with one warning: capture is for replaying a sample of traffic, and
 * stopping keeps what was captured (rotating would let a flood of junk push out the real calls) and the disk's use
 * known. Restart with the file moved away to capture again.
 */
export function withCaptureFile(logger: Logger, path: string, maxBytes = DEFAULT_CAPTURE_MAX_BYTES): Logger {
  let size = openPrivately(path)
  let full = false
  const stop = () => {
    full = true
    const message = `capture file ${path} reached its bound of ${maxBytes} bytes: no more lines are written to it`
    process.stderr.write(`voitex-trigger: ${message}\n`)
    logger.write({ level: 'warn', event: 'capture_file_full', message, max_bytes: maxBytes })
  }
  if (size >= maxBytes) stop()
  const append = batchedLines((text) => {
    try {
      // Made 0600 again if the file was removed while capturing.
      appendFileSync(path, text, { mode: 0o600 })
    } catch (error) {
      process.stderr.write(`voitex-trigger: capture lines not written to ${path}: ${String(error)}\n`)
    }
  })
  return {
    write(record) {
      logger.write(record)
      if (record.event !== CAPTURE_EVENT || full) return
      const line = logLine(record)
      const bytes = Buffer.byteLength(line) + 1
      if (size + bytes > maxBytes) return stop()
      size += bytes
      append(line)
    },
  }
}

/** Open (or create) `path` for appending, readable by its owner only; its size now (0 if it is not a file). */
function openPrivately(path: string): number {
  const fd = openSync(path, 'a', 0o600)
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) return 0
    if ((stat.mode & 0o077) !== 0) fchmodSync(fd, 0o600)
    return stat.size
  } finally {
    closeSync(fd)
  }
}
