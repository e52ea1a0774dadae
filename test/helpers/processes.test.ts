import { describe, expect, it } from 'vitest'
import { runToEnd } from './processes.ts'

// The helper every CLI and package test runs commands through: its own failures would read as theirs.
describe('runToEnd', () => {
  it('collects the output of a command that exits without reading its stdin', async () => {
    // 8 MB does not fit the pipe, so the write meets a closed pipe (EPIPE) after the command has gone.
    const input = 'x'.repeat(8 * 1024 * 1024)
    const result = await runToEnd(process.execPath, ['-e', 'console.log("done")'], { input })
    expect(result).toEqual({ code: 0, stdout: 'done\n', stderr: '' })
  })

  it('ends with code null and the reason when the command does not exist', async () => {
    const result = await runToEnd('./no-such-command-here', [])
    expect(result.code).toBeNull()
    expect(result.stderr).toContain('could not run')
  })

  it('kills a command that outlives its timeout and says so', async () => {
    const result = await runToEnd(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 200 })
    expect(result.code).toBeNull()
    expect(result.stderr).toContain('still running after 200 ms: killed')
  })
})
