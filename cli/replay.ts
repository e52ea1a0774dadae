import { parseArgs } from 'node:util'
import {
  type CapturedExchange,
  readCaptureLine,
  readEngineSettings,
  recordedLookups,
  TRIGGER_NAME,
} from '../src/_internal.ts'
import {
  type CallerSchema,
  type CallerStore,
  type ClaimStore,
  silentLogger,
  type TriggerApp,
  type TriggerHandler,
} from '../src/index.ts'
import { appTarget, type SimulatorTarget, type TargetAnswer, urlTarget } from '../testing/index.ts'
import { embeddedStore } from './callers.ts'
import {
  loadApp,
  loadSchema,
  need,
  ownEnv,
  PROJECT_HELP,
  PROJECT_OPTIONS,
  resolveProject,
  UsageError,
} from './config.ts'
import { dataProblem, type FileLine, readLines } from './files.ts'
import { classify } from './replay-diff.ts'
import { jsonReport, Tally, textReport } from './replay-report.ts'
import { checkedVersion, inProcessHandler, TARGET_OPTIONS } from './target.ts'

export const summary = 'replay captured traffic against your app: which calls it would now answer differently'

export const help = `voitex-trigger replay: ${summary}.

Usage: voitex-trigger replay FILE [--version NAME] [--live-store] [--url URL [--token TOKEN]] [--json]

FILE holds capture lines (written with TRIGGER_CAPTURE=1); every other line is skipped, so a whole log stream will
do. Each exchange runs again and its answer is compared with the one recorded:
  same       the same answer (the caller hears the same and goes the same way)
  changed    a different answer: its route and a compact diff
  fallback   the flow now falls back (it throws, misses its deadline, or answers something invalid)

By default each exchange runs in-process through your app, at its recorded time, with the caller lookups it
recorded: deterministic. Nothing the flow does reaches a real API: services get only the config's "settings",
and deps.once finds every step already claimed (the recorded exchange ran its side effects).

  --version NAME  answer every exchange with this version of your flows (\`next\`): the difference from what callers
                  got is what giving it a share would change. Default: the version each exchange was answered with
  --live-store    look callers up again, in the embedded store (--callers), instead of the recorded results
  --url URL       send each request to a running endpoint instead (it looks callers up itself). That endpoint runs
                  its flow for real: side effects (an SMS receipt) are sent again unless its deps.once claims from
                  the recorded calls are still held. Point it at staging wired to the emulator, not at production.
  --token TOKEN   the Trigger token to send to --url
  --json          one JSON document on stdout, for machines

FILE is read line by line (any size; a line over 1 MiB is skipped). A capture line that cannot be replayed (another
version, truncated, nested too deep, a trigger that is not a plain name) is reported by its line.

Exit code 0 when nothing changed, 1 when something did, 2 when FILE cannot be read (missing, not a regular file),
holds no capture line, or some of its capture lines cannot be replayed (so "unchanged" cannot be said), when the
endpoint refuses the token, or for a usage error.

${PROJECT_HELP}`

/** Every claim already held: a replay is a redelivery, so `deps.once` side effects do not run again. */
const heldClaims: ClaimStore = { kind: 'replay', claim: async () => false }

/**
 * Your app in-process, one exchange at a time: the clock stands at the exchange's recorded time and lookups answer
 * from its recorded results, or from `liveStore` when given. A handler per time zone, since one is bound with it.
 */
function replayTarget(app: TriggerApp, liveStore: CallerStore | undefined, settings: Readonly<Record<string, string>>) {
  let current: CapturedExchange | undefined
  const recorded = (phone: string, schema: CallerSchema<unknown>) =>
    recordedLookups(current?.lookups ?? [])(phone, schema)
  const handlers = new Map<string, TriggerHandler>()
  const handlerFor = (timeZone: string) => {
    let handler = handlers.get(timeZone)
    if (!handler) {
      handler = app.handler({
        logger: silentLogger,
        settings,
        timeZone,
        clock: { now: () => current?.at ?? Date.now() },
        claims: heldClaims,
        versionHeader: true,
        defer: (task) => void task.catch(() => {}),
        ...(liveStore ? { store: liveStore } : { lookup: recorded }),
      })
      handlers.set(timeZone, handler)
    }
    return handler
  }
  return (exchange: CapturedExchange): SimulatorTarget => {
    current = exchange
    return appTarget(handlerFor(exchange.timeZone))
  }
}

/** The longest line read: capture lines are written at most 256 KiB long, so this leaves room and bounds memory. */
export const MAX_CAPTURE_LINE_BYTES = 1024 * 1024

/**
 * What a capture line holds that replay refuses, beyond `readCaptureLine`'s own checks: a key reaching a prototype,
 * nesting no capture is written with (the diff and redaction walk it), a trigger that is not a plain name (`..` in
 * `/trigger/<name>` would post elsewhere).
 */
function captureProblem(data: unknown): string | undefined {
  const trigger = (data as { trigger?: unknown }).trigger
  if (typeof trigger === 'string' && !TRIGGER_NAME.test(trigger)) return 'trigger: not a plain trigger name'
  return dataProblem(data)
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...PROJECT_OPTIONS,
      ...TARGET_OPTIONS,
      'live-store': { type: 'boolean' },
      json: { type: 'boolean' },
      version: { type: 'string' },
    },
  })
  const [file, ...extra] = positionals
  if (file === undefined || extra.length > 0) throw new UsageError('replay takes one capture file: replay FILE')
  if (values.url && values['live-store'])
    throw new UsageError('--live-store is for in-process replays: an endpoint given with --url looks callers up itself')
  // Opened (and refused unless a regular file) before anything else is loaded.
  const lines = readLines(file, MAX_CAPTURE_LINE_BYTES)
  const next = async (): Promise<IteratorResult<FileLine>> => {
    try {
      return await lines.next()
    } catch (error) {
      if (error instanceof UsageError) throw error
      throw new UsageError(`${file}: cannot be read (${(error as { code?: unknown }).code ?? 'error'})`)
    }
  }
  let line = await next()

  let targetFor: (exchange: CapturedExchange) => SimulatorTarget
  let description: string
  let secretNames = readEngineSettings(ownEnv()).secretNames ?? []
  if (values.url) {
    const target = urlTarget(values.url, values.token ? { token: values.token } : {})
    targetFor = () => target
    description = target.description
    console.warn(
      `voitex-trigger replay: ${values.url} runs each flow for real; side effects not already claimed by deps.once are sent again`,
    )
  } else {
    const project = await resolveProject(values)
    const app = await loadApp(need(project, 'app', 'replay'))
    secretNames = [...app.secretNames, ...secretNames]
    let liveStore: CallerStore | undefined
    if (values['live-store']) {
      const { store, problems } = await embeddedStore(
        need(project, 'callers', 'replay --live-store'),
        await loadSchema(project, app),
      )
      for (const problem of problems) console.warn(problem)
      liveStore = store
    }
    checkedVersion(app, values.version)
    // An app that refuses its in-process settings is said once, not as a fallback on every exchange.
    await inProcessHandler(app, project, { claims: heldClaims })
    targetFor = replayTarget(app, liveStore, project.settings)
    description = `your app in-process (${liveStore ? 'callers looked up again' : 'recorded caller lookups'})`
  }

  const tally = new Tally()
  const report = values.json ? jsonReport(file, description) : textReport(file, description)
  // Begun with the first verdict: an endpoint that refuses the token at once leaves no half a report on stdout.
  let begun = false
  const begin = () => {
    if (!begun) report.start()
    begun = true
  }
  for (; !line.done; line = await next()) {
    const { number } = line.value
    if (!('text' in line.value)) {
      // Its text was never held, so whether it was a capture line is unknown: counted as one that cannot be replayed.
      tally.problem(number, `longer than ${MAX_CAPTURE_LINE_BYTES} bytes, skipped`)
      continue
    }
    const read = readCaptureLine(line.value.text, captureProblem)
    if (read.kind === 'unreadable') tally.problem(number, read.problem)
    if (read.kind !== 'capture') continue
    const { exchange } = read
    let answer: TargetAnswer
    try {
      // Each exchange on the version it was answered with, unless --version tries another on all of them.
      answer = await targetFor(exchange).post(exchange.trigger, exchange.body, {
        version: values.version ?? exchange.version,
      })
    } catch (error) {
      // No answer at all (an endpoint down or too slow): for the IVR, No Route Found.
      answer = { status: 0, text: '', fallback: error instanceof Error ? error.message : String(error) }
    }
    // An endpoint that refuses the token refuses every exchange: that is not the flow's answer, so stop and say so.
    if (answer.status === 401 || answer.status === 403) {
      if (begun) report.end(tally)
      console.error(
        `voitex-trigger replay: ${description} refused the request (HTTP ${answer.status}): pass its Trigger token with --token`,
      )
      return 2
    }
    const result = classify(exchange, number, answer, secretNames)
    tally.add(result)
    begin()
    report.result(result)
  }
  if (tally.exchanges === 0 && tally.unreadable === 0) {
    console.error(`voitex-trigger replay: no capture lines in ${file} (written by endpoints with TRIGGER_CAPTURE=1)`)
    return 2
  }
  begin()
  report.end(tally)

  const more = tally.unreadable - tally.problems.length
  for (const problem of tally.problems) console.warn(`voitex-trigger replay: unreadable capture, ${problem}`)
  if (more > 0) console.warn(`voitex-trigger replay: ${more} more unreadable capture line(s)`)
  if (tally.changedRoutes.length > 0) return 1
  if (tally.unreadable > 0) {
    console.error(
      `voitex-trigger replay: ${tally.unreadable} capture line(s) of ${file} could not be replayed: nothing changed in the others`,
    )
    return 2
  }
  return 0
}
