import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { reportOn } from '../../cli/report.ts'
import {
  cloudWatchEvents,
  cloudWatchText,
  type Exchange,
  expectedCounts,
  generateTraffic,
  stdoutFormat,
  wranglerTail,
} from '../../fixtures/report-logs.ts'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'voitex-report-'))
let exchanges: Exchange[]
let withCaptures: Exchange[]

beforeAll(async () => {
  exchanges = await generateTraffic(200)
  withCaptures = await generateTraffic(200, { capture: true })
})

const report = (...texts: string[]) => reportOn(texts.map((text) => Readable.from([text])))

/** The contract's figures of each trigger, as `--json` prints them. */
function contractOf(triggers: Awaited<ReturnType<typeof report>>['figures']['triggers']) {
  return Object.fromEntries(
    Object.entries(triggers).map(([name, figures]) => [
      name,
      {
        requests: figures.requests,
        outcomes: figures.outcomes,
        routes: figures.routes,
        versions: Object.fromEntries(
          Object.entries(figures.versions).map(([version, counted]) => [
            version,
            { requests: counted.requests, routes: counted.routes },
          ]),
        ),
      },
    ]),
  )
}

describe('report on each source of production logs', () => {
  it.each([
    ['stdout JSON lines', stdoutFormat],
    ['CloudWatch lines of a Lambda (tab-separated time, request id, level)', cloudWatchText],
    ['CloudWatch log events, one JSON object a line', cloudWatchEvents],
    ['wrangler tail --format json', wranglerTail],
  ])('counts every request of %s exactly, per trigger and version', async (_, format) => {
    const { figures, read } = await report(format(exchanges))
    expect(contractOf(figures.triggers)).toEqual(expectedCounts(exchanges))
    expect(read.unreadable).toBe(0)
    // Both versions ran, with their own routes: next sends unknown callers to billing.
    expect(figures.triggers.lookup?.versions.next?.routes.billing).toBeGreaterThan(0)
    expect(figures.triggers.lookup?.versions.stable?.routes.billing).toBeUndefined()
  })

  it('counts a request once when its capture line is in the same log', async () => {
    const { figures } = await report(stdoutFormat(withCaptures))
    expect(figures.counted_from).toBe('trigger lines')
    expect(contractOf(figures.triggers)).toEqual(expectedCounts(withCaptures))
  })

  it('counts a capture file alone from its captures, and where each trigger sent its callers', async () => {
    const captures = withCaptures.flatMap((exchange) => exchange.lines.filter((line) => line.includes('"capture"')))
    const { figures } = await report(`${captures.join('\n')}\n`)
    const answered = withCaptures.filter((exchange) => exchange.status === 200 && exchange.trigger === 'billing')
    expect(figures.counted_from).toBe('capture lines')
    expect(figures.triggers.billing?.requests).toBe(answered.length)
    expect(figures.triggers.billing?.gotos).toEqual({ '210': answered.length })
  })

  it('adds up the files it is given', async () => {
    const half = exchanges.length / 2
    const { figures } = await report(cloudWatchText(exchanges.slice(0, half)), wranglerTail(exchanges.slice(half)))
    expect(contractOf(figures.triggers)).toEqual(expectedCounts(exchanges))
  })

  it('gives the requests and the calls of each hour (UTC), from the platform times', async () => {
    const { figures } = await report(cloudWatchEvents(exchanges))
    const perHour = new Map<string, { requests: number; calls: Set<string> }>()
    for (const exchange of exchanges) {
      const hour = `${new Date(exchange.at).toISOString().slice(0, 13)}:00:00.000Z`
      const slot = perHour.get(hour) ?? { requests: 0, calls: new Set<string>() }
      slot.requests++
      if (exchange.callId && exchange.status !== 401) slot.calls.add(exchange.callId)
      perHour.set(hour, slot)
    }
    expect(figures.hours.map(({ hour, requests }) => ({ hour, requests }))).toEqual(
      [...perHour].map(([hour, slot]) => ({ hour, requests: slot.requests })),
    )
    for (const [index, slot] of [...perHour.values()].entries())
      expect(Math.abs((figures.hours[index]?.calls ?? 0) - slot.calls.size)).toBeLessThanOrEqual(1)
    expect(figures.period).toEqual({
      from: new Date(exchanges[0]?.at ?? 0).toISOString(),
      to: new Date(exchanges.at(-1)?.at ?? 0).toISOString(),
    })
  })

  it('names the top fallback reasons with an example call_id each', async () => {
    const { figures } = await report(stdoutFormat(exchanges))
    const fallbacks = exchanges.filter((exchange) => exchange.fallback)
    expect(figures.top_fallbacks).toEqual([
      { trigger: 'lookup', reason: 'flow_error', count: fallbacks.length, example_call_id: fallbacks[0]?.callId },
    ])
  })
})

describe('what report makes of the rest', () => {
  it('gives latency percentiles by nearest rank, exactly', async () => {
    const durations = Array.from({ length: 100 }, (_, index) => ((index * 37) % 100) + 1)
    const lines = durations.map((duration_ms, index) =>
      JSON.stringify({
        level: 'info',
        event: 'trigger',
        call_id: `c${index}`,
        trigger: 'default',
        version: 'stable',
        outcome: 'decision',
        duration_ms,
      }),
    )
    const { figures } = await report(lines.join('\n'))
    expect(figures.triggers.default?.latency_ms).toEqual({ p50: 50, p95: 95, p99: 99 })
  })

  it('counts unreadable lines and skips them, and the counts stay exact', async () => {
    const good = stdoutFormat(exchanges)
    const bad = [
      '{"level":"info","event":"trigger","call_id":"cut', // cut short
      '2023-07-20T15:35:35.000Z\t8d1f\tINFO\t{"event":"trigger",,}', // not JSON after a CloudWatch prefix
      '{"level":"info","event":"trigger","trigger":"lookup","outcome":"exploded"}', // an outcome we do not know
      `{"level":"info","event":"trigger","notes":"${'x'.repeat(2 * 1024 * 1024)}"}`, // longer than any line of ours
      '\u0000\u0001\u00ff binary \ufffd noise',
      'START RequestId: 8d1f Version: $LATEST', // the platform's own line: not ours, not unreadable
    ]
    const tailCut = wranglerTail(exchanges.slice(0, 1)).split('\n').slice(0, 8).join('\n') // a tail event cut short
    const { figures, read } = await report(`${bad.join('\n')}\n${good}`, tailCut)
    expect(contractOf(figures.triggers)).toEqual(expectedCounts(exchanges))
    expect(read.unreadable).toBe(5)
  })

  it('counts names from the input as names, __proto__ and constructor included, and bounds how many it keeps', async () => {
    const line = (route: string, index: number) =>
      JSON.stringify({
        level: 'info',
        event: 'trigger',
        call_id: `c${index}`,
        trigger: 'default',
        outcome: 'decision',
        route,
      })
    const names = ['__proto__', 'constructor', 'toString', ...Array.from({ length: 400 }, (_, index) => `r${index}`)]
    const { figures } = await report(names.map(line).join('\n'))
    const routes = figures.triggers.default?.routes ?? {}
    expect(Object.entries(routes).slice(0, 3)).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
      ['toString', 1],
    ])
    expect(Object.keys(routes)).toHaveLength(201)
    expect(routes['(other)']).toBe(names.length - 200)
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it('reads a line split across chunks of the stream', async () => {
    const text = stdoutFormat(exchanges)
    const chunks = text.match(/[\s\S]{1,7}/g) ?? []
    const { figures } = await reportOn([Readable.from(chunks)])
    expect(contractOf(figures.triggers)).toEqual(expectedCounts(exchanges))
  })
})

describe('voitex-trigger report', () => {
  it(
    'prints one JSON object with the figures of each trigger under "triggers"',
    async () => {
      const stdout = join(dir, 'stdout.log')
      const tail = join(dir, 'tail.json')
      writeFileSync(stdout, stdoutFormat(exchanges.slice(0, 100)))
      writeFileSync(tail, wranglerTail(exchanges.slice(100)))
      const result = await runCli(['report', stdout, tail, '--json'])
      expect(result.code).toBe(0)
      const printed = JSON.parse(result.stdout) as {
        triggers: Awaited<ReturnType<typeof report>>['figures']['triggers']
      }
      expect(contractOf(printed.triggers)).toEqual(expectedCounts(exchanges))
      for (const figures of Object.values(printed.triggers))
        expect(Object.keys(figures.latency_ms).sort()).toEqual(['p50', 'p95', 'p99'])
    },
    CLI_TIMEOUT_MS,
  )

  it(
    'writes a self-contained page with the map, each Trigger node showing its requests',
    async () => {
      const logs = join(dir, 'cloudwatch.log')
      const page = join(dir, 'report.html')
      writeFileSync(logs, cloudWatchText(exchanges))
      const result = await runCli([
        'report',
        logs,
        '--html',
        page,
        '--map',
        'demo/ivr-map.yaml',
        '--app',
        'demo/app.ts',
      ])
      expect(result.code).toBe(0)
      const html = readFileSync(page, 'utf8')
      const lookup = expectedCounts(exchanges).lookup
      expect(html).toContain('<svg')
      expect(html).toContain(`>${lookup?.requests} requests · ${lookup?.outcomes.fallback} fell back</text>`)
      // Nothing is fetched: no script, no stylesheet or image from elsewhere.
      expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
    },
    CLI_TIMEOUT_MS,
  )

  it.each([
    ['a folder', '.'],
    ['a device that never ends', '/dev/zero'],
    ['a missing file', 'no-such.log'],
  ])(
    'refuses %s with one line, exit code 2',
    async (_, file) => {
      const result = await runCli(['report', file, '--json'])
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/not a regular file|no such file/)
    },
    CLI_TIMEOUT_MS,
  )
})
