import { createReadStream } from 'node:fs'
import { stat, writeFile } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import type { FlowsByTrigger } from '../src/_internal.ts'
import { loadIvrMap } from '../testing/index.ts'
import { loadApp, PROJECT_HELP, PROJECT_OPTIONS, resolveProject, UsageError } from './config.ts'
import { mapSvg, reportHtml } from './report-html.ts'
import { LogReader } from './report-read.ts'
import { type ReportFigures, Tally } from './report-tally.ts'

export const summary = 'what callers did, from production logs: requests, routes, fallbacks, versions, latency'

export const help = `voitex-trigger report: ${summary}.

Usage: voitex-trigger report FILE... [--json] [--html report.html] [--map ivr-map.yaml]

FILE holds log lines of your endpoint, as any platform hands them over ("-" reads standard input):
  stdout         this toolkit's JSON lines (npm start, a container log), with or without a prefix before the {
  CloudWatch     Lambda's lines "2023-07-20T15:35:35.000Z<TAB>request-id<TAB>INFO<TAB>{...}" (aws logs tail, an
                 export to S3), or JSON log events one per line {"timestamp": ..., "message": "..."}
                 (aws logs filter-log-events --output json | jq -c '.events[]'), or the whole filter-log-events output
  wrangler tail  wrangler tail --format json > tail.json (one event per Worker request, over several lines)
  captures       capture lines (TRIGGER_CAPTURE=1, TRIGGER_CAPTURE_FILE): their answers count the map's ways out
Unreadable lines are counted and skipped. Files of any size are read as a stream.

  --json          one JSON object on stdout: per trigger under "triggers", requests, outcomes (decision, fallback,
                  rejected), routes, versions ({ requests, routes } each), latency_ms (p50, p95, p99), and more
  --html FILE     a self-contained page (no script, no CDN): the IVR map with each Trigger's requests, per trigger
                  and version side by side, calls per hour, the top fallback reasons with an example call_id
  --map FILE      the IVR map to draw (default: the project's "map"); the project's app, if any, adds its routes

${PROJECT_HELP}`

/** Longest line kept (a capture line is at most 256 KiB); a longer one is skipped as unreadable. */
const MAX_LINE_CHARS = 1024 * 1024

/**
 * Each line of a stream, without holding more than one line (of at most `maxChars`) in memory: a line longer than
 * that is dropped and reported with `onOverlong`.
 */
export async function eachLine(
  input: Readable,
  onLine: (line: string) => void,
  onOverlong: () => void,
  maxChars = MAX_LINE_CHARS,
): Promise<void> {
  input.setEncoding('utf8')
  let pending = ''
  let skipping = false
  for await (const chunk of input as AsyncIterable<string>) {
    let start = 0
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      if (skipping) skipping = false
      else {
        const line = pending + chunk.slice(start, end)
        pending = ''
        if (line.length > maxChars) onOverlong()
        else onLine(line.endsWith('\r') ? line.slice(0, -1) : line)
      }
      pending = ''
      start = end + 1
    }
    if (!skipping) {
      pending += chunk.slice(start)
      if (pending.length > maxChars) {
        onOverlong()
        pending = ''
        skipping = true
      }
    }
  }
  if (!skipping && pending !== '') onLine(pending)
}

export interface ReportRun {
  readonly figures: ReportFigures
  readonly read: { readonly lines: number; readonly records: number; readonly unreadable: number }
  readonly platformErrors: number
}

/** Read every input and count: the figures, and how much was read and skipped. */
export async function reportOn(inputs: readonly Readable[]): Promise<ReportRun> {
  const tally = new Tally()
  const reader = new LogReader((entry) => tally.add(entry))
  let overlong = 0
  for (const input of inputs) {
    await eachLine(
      input,
      (line) => reader.line(line),
      () => overlong++,
    )
    reader.end()
  }
  return {
    figures: tally.result(),
    read: {
      lines: reader.lines + overlong,
      records: tally.records,
      unreadable: reader.unreadable + overlong + tally.malformed,
    },
    platformErrors: reader.platformErrors,
  }
}

/** A file to read: a regular file (not a FIFO or a device that never ends), or `-` for standard input. */
async function openInput(file: string): Promise<Readable> {
  if (file === '-') return process.stdin
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(file)
  } catch {
    throw new UsageError(`${file}: no such file`)
  }
  if (!info.isFile()) throw new UsageError(`${file}: not a regular file`)
  return createReadStream(file, { highWaterMark: 1024 * 1024 })
}

async function mapFor(
  values: Parameters<typeof resolveProject>[0] & { map?: string | undefined },
  figures: ReportFigures,
  warn: (line: string) => void,
): Promise<{ svg: string } | { problem: string }> {
  const project = await resolveProject(values)
  if (!project.map) return { problem: 'No IVR map: pass --map, or set "map" in voitex-trigger.config.json.' }
  let flows: FlowsByTrigger = {}
  if (project.app) {
    try {
      flows = (await loadApp(project.app)).flows
    } catch (error) {
      warn(
        `voitex-trigger report: the map is drawn without your flows' routes: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  try {
    return { svg: mapSvg(await loadIvrMap(project.map), flows, figures) }
  } catch (error) {
    return { problem: `The IVR map could not be read: ${error instanceof Error ? error.message : String(error)}` }
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...PROJECT_OPTIONS, json: { type: 'boolean' }, html: { type: 'string' } },
  })
  if (positionals.length === 0) throw new UsageError('report needs log files: report FILE... [--json] [--html FILE]')
  const inputs = await Promise.all(positionals.map(openInput))
  const run = await reportOn(inputs)
  const { figures, read } = run
  if (read.unreadable > 0) console.warn(`voitex-trigger report: ${read.unreadable} unreadable lines skipped`)
  if (values.html) {
    const map = await mapFor(values, figures, (line) => console.warn(line))
    await writeFile(values.html, reportHtml({ figures, files: positionals, read, map }))
    if (!values.json) console.log(`Report written to ${values.html}`)
  }
  if (values.json) {
    console.log(
      JSON.stringify({ files: positionals, ...read, platform_errors: run.platformErrors, ...figures }, null, 2),
    )
    return 0
  }
  if (!values.html) {
    const triggers = Object.entries(figures.triggers)
    console.log(`${read.lines} lines, ${read.records} records, ${read.unreadable} unreadable`)
    for (const [name, trigger] of triggers) {
      const versions = Object.entries(trigger.versions)
        .map(([version, counted]) => `${version} ${counted.requests}`)
        .join(', ')
      console.log(
        `${name}: ${trigger.requests} requests (${trigger.outcomes.decision} decisions, ${trigger.outcomes.fallback} fallbacks, ${trigger.outcomes.rejected} rejected); versions: ${versions || 'none'}; p50/p95/p99 ${trigger.latency_ms.p50}/${trigger.latency_ms.p95}/${trigger.latency_ms.p99} ms`,
      )
    }
    if (triggers.length === 0) console.log('No Trigger requests in these logs.')
  }
  return 0
}
