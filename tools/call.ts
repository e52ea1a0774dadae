import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { demoApp } from '../demo/app.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import {
  appTarget,
  dial,
  formatTranscript,
  memoryStore,
  type SimulatedCall,
  silentLogger,
  type TranscriptEntry,
  urlTarget,
} from '../src/index.ts'
import { readIvrMap } from './files.ts'

const USAGE = `Call the IVR from a terminal: what the caller hears is printed; type keys, one entry per line.

  npm run call -- --from 8459511000 [--url http://127.0.0.1:8787] [--at "2023-07-20 11:35:35"]
                  [--contact first_name=Sara] [--map demo/ivr-map.yaml] [--verbose]

  1, 17, *, #   press keys        (empty line)   let the play end, pressing nothing
  pay           pay at a Payment branch (test card ending 4242)
  hangup        hang up           Ctrl-C or end of input also hang up`

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    at: { type: 'string' },
    contact: { type: 'string', multiple: true },
    map: { type: 'string', default: 'demo/ivr-map.yaml' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (values.help || !values.from) {
  console.log(USAGE)
  process.exit(values.help ? 0 : 1)
}

const contact = values.contact
  ? Object.fromEntries(values.contact.map((pair) => [pair.split('=')[0] ?? '', pair.split('=').slice(1).join('=')]))
  : null
const target = values.url
  ? urlTarget(values.url, values.token ? { token: values.token } : {})
  : appTarget(demoApp(() => ({ store: memoryStore(callers), logger: silentLogger })))

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
  map: await readIvrMap(values.map),
  target,
  from: values.from,
  contact,
  ...(values.at ? { at: values.at } : {}),
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
