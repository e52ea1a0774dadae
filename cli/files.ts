import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'

/**
 * Files a user or a teammate hands the CLI (callers, config, the IVR map, scenarios, captures) are hostile input:
 * each is opened once, refused unless it is a regular file within its size bound, decoded as strict UTF-8, and
 * parsed into data that holds no key able to reach a prototype. Every refusal is one line naming the file, never
 * quoting what it holds (a file handed over by mistake may be a `.env`).
 */

/** Thrown for what the user must fix in the command line, the config or a file: printed without a stack, exit 2. */
export class UsageError extends Error {}

const MiB = 1024 * 1024

/** The largest file each loader reads: far above any real one, far below what would exhaust memory. */
export const FILE_LIMITS = {
  config: 1 * MiB,
  map: 8 * MiB,
  scenario: 8 * MiB,
  callers: 256 * MiB,
} as const

/** Keys that reach an object's prototype when written or read through: refused wherever a user file names a key. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** The deepest nesting read from a user file; far deeper than any map, scenario, caller record or capture. */
const MAX_FILE_DEPTH = 64

/** Why a file could not be opened, in words (the error's own message would repeat the path and the syscall). */
function openProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ELOOP') return 'too many symbolic links'
  return `cannot be read (${typeof code === 'string' ? code : 'error'})`
}

/**
 * A file opened for reading only if it is a regular file. Opened non-blocking, so a FIFO with no writer cannot hang
 * the command before it is looked at; a device, a FIFO or a folder is refused.
 */
async function openRegular(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw new UsageError(`${path}: ${openProblem(error)}`, { cause: error })
  }
  const stats = await handle.stat()
  if (!stats.isFile()) {
    await handle.close()
    throw new UsageError(`${path}: not a regular file${stats.isDirectory() ? ' (a folder)' : ''}`)
  }
  return { handle, size: stats.size }
}

function tooLarge(path: string, maxBytes: number): UsageError {
  return new UsageError(`${path}: file too large (more than ${maxBytes} bytes)`)
}

/** A user file's bytes, refused before reading when it is not a regular file or larger than `maxBytes`. */
export async function readUserFile(path: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegular(path)
  try {
    if (size > maxBytes) throw tooLarge(path, maxBytes)
    // Read to the bound and one byte past it: a file that grew since it was looked at is still refused.
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) throw tooLarge(path, maxBytes)
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
    }
    return buffer.subarray(0, length)
  } finally {
    await handle.close()
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const BOM = [0xef, 0xbb, 0xbf]

/** The lines (from 1) holding bytes that are not UTF-8, at most `limit` of them. */
function invalidUtf8Lines(bytes: Uint8Array, limit = 5): number[] {
  const lines: number[] = []
  let start = 0
  for (let line = 1; start <= bytes.length && lines.length < limit; line++) {
    const end = bytes.indexOf(0x0a, start)
    const stop = end === -1 ? bytes.length : end
    try {
      strictUtf8.decode(bytes.subarray(start, stop))
    } catch {
      lines.push(line)
    }
    if (end === -1) break
    start = end + 1
  }
  return lines
}

/** A file's bytes as text: strict UTF-8 (a byte that is not is refused by line, never replaced), a BOM dropped. */
export function decodeText(bytes: Uint8Array, path: string): string {
  const body = BOM.every((byte, index) => bytes[index] === byte) ? bytes.subarray(BOM.length) : bytes
  try {
    return strictUtf8.decode(body)
  } catch {
    const lines = invalidUtf8Lines(body)
    // Lines count from the file's start; the BOM holds no line break.
    throw new UsageError(`${path}: not valid UTF-8 on line ${lines.join(', ')}`)
  }
}

/** A user file as text (see `readUserFile` and `decodeText`). */
export async function readUserText(path: string, maxBytes: number): Promise<string> {
  return decodeText(await readUserFile(path, maxBytes), path)
}

/** A path to a value inside data, for messages: `branches.100.inputs`. */
function pathText(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'the top level' : path.join('.')
}

/**
 * Why parsed data cannot be used, or undefined: a key that reaches a prototype, or nesting deeper than `maxDepth`.
 * The walk descends at most `maxDepth` calls, so the depth it refuses cannot overflow the stack it checks with.
 */
export function dataProblem(value: unknown, maxDepth = MAX_FILE_DEPTH): string | undefined {
  const path: (string | number)[] = []
  const visit = (node: unknown): string | undefined => {
    if (node === null || typeof node !== 'object') return undefined
    if (path.length >= maxDepth) return `nested deeper than ${maxDepth} levels at ${pathText(path.slice(0, 3))}…`
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        path.push(index)
        const problem = visit(node[index])
        if (problem) return problem
        path.pop()
      }
      return undefined
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed (at ${pathText(path)})`
      path.push(key)
      const problem = visit((node as Record<string, unknown>)[key])
      if (problem) return problem
      path.pop()
    }
    return undefined
  }
  return visit(value)
}

/** Data read from a file, refused (one line, naming the file) when `dataProblem` finds anything. */
export function checkedData(data: unknown, path: string): unknown {
  const problem = dataProblem(data)
  if (problem) throw new UsageError(`${path}: ${problem}`)
  return data
}

/** JSON text from a file, parsed and checked; a syntax error names where, never what (V8 quotes the text). */
export function parseJsonText(text: string, path: string): unknown {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const where = /\(line (\d+) column (\d+)\)/.exec(error instanceof Error ? error.message : '')
    throw new UsageError(`${path}: not valid JSON${where ? ` (line ${where[1]}, column ${where[2]})` : ''}`)
  }
  return checkedData(data, path)
}

/** A line of a file read by `readLines`: its text, or that it was over the bound (its text is never held). */
export type FileLine =
  | { readonly number: number; readonly text: string }
  | { readonly number: number; readonly tooLong: true }

/**
 * A user file line by line, holding one line at a time: memory stays flat in the number of lines, and a line longer
 * than `maxLineBytes` is skipped as it streams (reported, never held), so even a file with no line break is safe.
 */
export async function* readLines(path: string, maxLineBytes: number): AsyncGenerator<FileLine> {
  const { handle } = await openRegular(path)
  try {
    const chunk = Buffer.alloc(64 * 1024)
    let pending: Buffer[] = []
    let pendingBytes = 0
    let skipping = false
    let number = 0
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      let start = 0
      while (start < bytesRead) {
        const end = chunk.indexOf(0x0a, start)
        const stop = end === -1 || end >= bytesRead ? bytesRead : end
        if (!skipping) {
          pendingBytes += stop - start
          if (pendingBytes > maxLineBytes) {
            skipping = true
            pending = []
          } else if (stop === bytesRead) pending.push(Buffer.from(chunk.subarray(start, stop)))
        }
        // The line goes on in the next chunk: its part here is kept (copied, the chunk is reused) unless skipped.
        if (stop === bytesRead) break
        number++
        if (skipping) yield { number, tooLong: true }
        else if (pending.length === 0) yield { number, text: lineText(chunk.toString('utf8', start, stop)) }
        else {
          pending.push(chunk.subarray(start, stop))
          yield { number, text: lineText(Buffer.concat(pending).toString('utf8')) }
        }
        pending = []
        pendingBytes = 0
        skipping = false
        start = stop + 1
      }
    }
    if (skipping) yield { number: number + 1, tooLong: true }
    else if (pendingBytes > 0) yield { number: number + 1, text: lineText(Buffer.concat(pending).toString('utf8')) }
  } finally {
    await handle.close()
  }
}

/** A line without the carriage return a CRLF file ends it with. */
function lineText(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text
}
