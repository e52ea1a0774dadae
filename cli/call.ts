import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { parseLocalTime } from '../src/index.ts'
import { dial, formatTranscript, loadIvrMap, type SimulatedCall, type TranscriptEntry } from '../testing/index.ts'
import { need, PROJECT_HELP, PROJECT_OPTIONS, resolveProject, UsageError } from './config.ts'
import { checkedVersion, simulatorTarget, TARGET_HELP, TARGET_OPTIONS } from './target.ts'

export const summary = 'call your IVR from a terminal: hear it, press keys, pay'

export const help = `voitex-trigger call: ${summary}. What the caller hears is printed; type keys, one entry per line.

Usage: voitex-trigger call --from 8459511000 [--at "2023-07-20 11:35:35"] [--contact first_name=Sara] [--version next]
                           [--verbose]

  --version NAME   run this version of your flows (stable, next…) instead of the one the call id picks

  1, 17, *, #   press keys        (empty line)   let the play end, pressing nothing
  pay           pay at a Payment branch (test card ending 4242)
  hangup        hang up           Ctrl-C or end of input also hang up

${TARGET_HELP}

${PROJECT_HELP}`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...PROJECT_OPTIONS,
      ...TARGET_OPTIONS,
      from: { type: 'string' },
      at: { type: 'string' },
      contact: { type: 'string', multiple: true },
      verbose: { type: 'boolean', default: false },
      version: { type: 'string' },
    },
  })
  if (!values.from) throw new UsageError('call needs the calling number: --from 8459511000')
  if (values.at !== undefined && parseLocalTime(values.at) === undefined)
    throw new UsageError(`--at "${values.at}" is not a time: YYYY-MM-DD HH:MM[:SS], e.g. "2023-07-20 11:35:35"`)
  const project = await resolveProject(values)
  const map = await loadIvrMap(need(project, 'map', 'call'))
  const { target, app } = await simulatorTarget(project, values, 'call', (line) => console.warn(line))
  const version = checkedVersion(app, values.version)

  const contact = values.contact
    ? Object.fromEntries(values.contact.map((pair) => [pair.split('=')[0] ?? '', pair.split('=').slice(1).join('=')]))
    : null

  let shown = 0
  function show(call: SimulatedCall): void {
    const fresh = call.transcript.slice(shown) as TranscriptEntry[]
    shown = call.transcript.length
    const visible = values.verbose
      ? fresh
      : fresh.filter((entry) => entry.kind !== 'request' && entry.kind !== 'response')
    for (const line of formatTranscript(visible)) console.log(line)
  }

  function finish(call: SimulatedCall, how: string): never {
    if (!call.ended) call.hangUp()
    show(call)
    console.log(`Call ended (${how}).`)
    process.exit(0)
  }

  const call = await dial({
    map,
    target,
    from: values.from,
    contact,
    ...(values.at ? { at: values.at } : {}),
    ...(version ? { version } : {}),
  })
  show(call)
  if (call.ended) finish(call, call.ended)

  process.once('SIGINT', () => finish(call, 'Ctrl-C'))
  const lines = createInterface({ input: process.stdin, terminal: false })
  const prompt = () => process.stdout.write(call.waitingFor?.for === 'payment' ? 'pay> ' : 'keys> ')
  prompt()
  for await (const line of lines) {
    const entry = line.trim()
    try {
      if (entry === 'hangup' || entry === 'q') finish(call, 'hung up')
      else if (entry === 'pay') await call.pay()
      else if (entry === '') await call.wait()
      else if (/^[0-9*#]+$/.test(entry)) await call.press(entry)
      else console.log(`? "${entry}": type keys (0-9 * #), an empty line, pay, or hangup`)
    } catch (error) {
      console.log(`! ${error instanceof Error ? error.message : String(error)}`)
    }
    show(call)
    if (call.ended) finish(call, call.ended)
    prompt()
  }
  finish(call, 'end of input: the caller hung up')
}
