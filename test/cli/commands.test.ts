import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_TIMEOUT_MS, cliCommand, runCli } from '../helpers/cli.ts'
import { spawnUntil } from '../helpers/processes.ts'

// The CLI pointed at a second, non-demo app (test/fixtures/pharmacy): its own flow, schema, map and scenarios.
const PHARMACY = ['--config', 'test/fixtures/pharmacy/voitex-trigger.config.json']
const COMMANDS = ['dev', 'call', 'scenarios', 'graph', 'lint', 'import', 'replay', 'report', 'emulator', 'init']

describe('voitex-trigger', { timeout: CLI_TIMEOUT_MS }, () => {
  it('names where the options are listed when an option is unknown', async () => {
    const { code, stderr } = await runCli(['import', '--file', 'x.csv', '--to', 'redis', '--url', 'redis://x'])
    expect(stderr.trim()).toBe(
      "voitex-trigger: Unknown option '--url' (voitex-trigger import --help lists its options)",
    )
    expect(code).toBe(2)
  })

  it('lists its commands with --help', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  it.each(COMMANDS)('explains %s with --help', async (command) => {
    const { code, stdout } = await runCli([command, '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain(`voitex-trigger ${command}`)
    expect(stdout).toContain('Usage: voitex-trigger')
  })

  it('refuses an unknown command, listing the known ones', async () => {
    const { code, stderr } = await runCli(['deploy'])
    expect(code).toBe(2)
    expect(stderr).toContain('unknown command "deploy"')
  })
})

describe('outside a project, nothing defaults to the demo', { timeout: CLI_TIMEOUT_MS }, () => {
  const empty = mkdtempSync(join(tmpdir(), 'no-project-'))

  it.each([
    ['scenarios', ['scenarios'], 'scenarios needs a map: pass --map ivr-map.yaml'],
    ['graph', ['graph'], 'graph needs a map: pass --map ivr-map.yaml'],
    ['dev', ['dev'], 'dev needs your app: pass --app src/app.ts'],
    ['call', ['call', '--from', '8459511000'], 'call needs a map: pass --map ivr-map.yaml'],
    ['import', ['import', '--file', 'x.csv', '--to', 'json'], 'pass --schema src/flow.ts#Caller or --app'],
  ])('%s says what to pass', async (_, args, message) => {
    const { code, stderr } = await runCli(args, { cwd: empty })
    expect(code).toBe(2)
    expect(stderr).toContain(message)
  })

  it('names a module that exports no trigger app', async () => {
    const { code, stderr } = await runCli([
      'graph',
      '--app',
      'test/fixtures/pharmacy/flow.ts',
      '--map',
      'demo/ivr-map.yaml',
    ])
    expect(code).toBe(2)
    expect(stderr).toContain('has no export "default" or "app" (it exports Patient, refillFlow)')
  })
})

describe('the CLI on a non-demo app', { timeout: CLI_TIMEOUT_MS }, () => {
  it('scenarios runs that app, its map and its scenarios', async () => {
    const { code, stdout } = await runCli(['scenarios', ...PHARMACY])
    expect(stdout).toContain('✓ A patient with refills orders one for pickup')
    expect(stdout).toContain('2 passed, 0 failed')
    expect(code).toBe(0)
  })

  it("scenarios runs the demo's files against that app only when told to, and they fail there", async () => {
    const { code, stdout } = await runCli(['scenarios', ...PHARMACY, 'demo/scenarios/vip.yaml'])
    expect(stdout).toContain('0 passed, 1 failed')
    expect(code).toBe(1)
  })

  it('call plays that flow from keys on stdin', async () => {
    const { code, stdout } = await runCli(['call', ...PHARMACY, '--from', '2125559001'], { input: '5\n1\n' })
    expect(stdout).toContain('♪ Main Street Pharmacy. Press 5 for refills.')
    expect(stdout).toContain('♪ Ruth, you have 2 refills. Press 1 to order one for pickup.')
    expect(stdout).toContain('■ ended at 20: queue')
    expect(code).toBe(0)
  })

  it('graph draws that map and its flow routes, with no lint findings', async () => {
    const { code, stdout, stderr } = await runCli(['graph', ...PHARMACY])
    expect(code).toBe(0)
    expect(stdout).toContain('b10 -- "5" --> b15')
    expect(stdout).toContain('b15 -. "pharmacist" .-> b30')
    expect(stderr).toBe('')
  })

  it('lint passes that app and map, checking the answers its scenarios produce', async () => {
    const { code, stdout } = await runCli(['lint', ...PHARMACY])
    expect(stdout).toMatch(/0 error\(s\), 0 warning\(s\), \d+ answers checked/)
    expect(code).toBe(0)
  })

  it('lint fails on a map whose Trigger has no flow', async () => {
    const { code, stdout } = await runCli(['lint', ...PHARMACY, '--map', 'demo/ivr-map.yaml'])
    expect(stdout).toContain('Trigger 100 (lookup) has no flow')
    expect(code).toBe(1)
  })
})

describe('the CLI in this repository (voitex-trigger.config.json: the demo)', { timeout: CLI_TIMEOUT_MS }, () => {
  it('call plays a demo call from keys on stdin and exits cleanly when the call ends', async () => {
    const { code, stdout } = await runCli(['call', '--from', '8459511000', '--at', '2023-07-20 11:35:35'], {
      input: '1\n1\n',
    })
    expect(code).toBe(0)
    expect(stdout).toContain('♪ Hi John, your order #1234 is out for delivery.')
    expect(stdout).toContain('■ ended at 300: queue')
  })

  it('call runs the version asked for: next bills an unpaid invoice after hours', async () => {
    const call = (version: string) =>
      runCli(['call', '--from', '6465557729', '--at', '2023-07-20 20:00:00', '--version', version], { input: '1\n' })
    const next = await call('next')
    expect(next.code).toBe(0)
    expect(next.stdout).toContain('♪ Hi Moshe, you have an unpaid invoice of $125.50.')
    const stable = await call('stable')
    expect(stable.stdout).toContain('♪ Our office is closed.')
  })

  it('call refuses a version the app does not have, naming those it has', async () => {
    const { code, stderr } = await runCli(['call', '--from', '6465557729', '--version', 'nxt'])
    expect(code).toBe(2)
    expect(stderr).toContain('--version nxt: your app has no such version (its versions: stable, next)')
  })

  it('call refuses a time it cannot read, naming the form it wants', async () => {
    const { code, stderr } = await runCli(['call', '--from', '8459511000', '--at', '2026-13-45 99:00:00'])
    expect(code).toBe(2)
    expect(stderr).toContain('is not a time: YYYY-MM-DD HH:MM[:SS]')
  })

  it('call treats the end of input as the caller hanging up', async () => {
    const { code, stdout } = await runCli(['call', '--from', '7325550184', '--at', '2023-07-20 11:35:35'])
    expect(code).toBe(0)
    expect(stdout).toContain('Call ended (end of input: the caller hung up).')
  })

  it('call hangs up cleanly on Ctrl-C', async () => {
    const call = await spawnUntil(...cliCommand(['call', '--from', '8459511000']), /keys> /, {
      timeoutMs: CLI_TIMEOUT_MS,
    })
    const exited = new Promise<number | null>((resolve) => call.child.once('exit', (code) => resolve(code)))
    call.child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(call.output()).toContain('Call ended (Ctrl-C).')
  })

  it('emulator serves the Voitex API until stopped', async () => {
    const emulator = await spawnUntil('npm', ['run', 'emulator', '--', '--port', '0'], /emulator on (http:\S+)/, {
      timeoutMs: CLI_TIMEOUT_MS,
    })
    try {
      const url = /emulator on (http:\S+)/.exec(emulator.output())?.[1] ?? ''
      const response = await fetch(`${url}/sms/send/`, { method: 'POST', headers: { 'auth-key': 'test-key' } })
      expect(await response.json()).toMatchObject({ status: 'error' })
    } finally {
      await emulator.stop()
    }
  })
})
