import {
  CallRecording,
  type EndKind,
  graphOf,
  type IvrMap,
  parseIvrMap,
  type SimulatorTarget,
  scenarioYaml,
  type TranscriptEntry,
  urlTarget,
} from '../../src/simulator/index.ts'
import { formatLocalTime, parseLocalTime } from '../../src/time.ts'
import { type DrawnGraph, drawGraph } from './graph.ts'
import { liveKeys, nextEntry } from './keys.ts'
import type { PageProject } from './project.ts'

/**
 * The dev page: a phone over the simulator. The platform's rules run here, in the browser (src/simulator, the same
 * code `voitex-trigger call` and `scenarios` run); each Trigger hop is a real POST to this server's /trigger.
 */

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id)
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`)
  return found
}

const ui = {
  project: byId('project', HTMLElement),
  form: byId('dial', HTMLFormElement),
  number: byId('number', HTMLInputElement),
  callers: byId('callers', HTMLDataListElement),
  at: byId('at', HTMLInputElement),
  atHint: byId('at-hint', HTMLElement),
  versionField: byId('version-field', HTMLElement),
  version: byId('version', HTMLSelectElement),
  tokenField: byId('token-field', HTMLElement),
  token: byId('token', HTMLInputElement),
  call: byId('call', HTMLButtonElement),
  hangup: byId('hangup', HTMLButtonElement),
  error: byId('error', HTMLElement),
  status: byId('status', HTMLElement),
  entry: byId('entry', HTMLElement),
  keypad: byId('keypad', HTMLFieldSetElement),
  nothing: byId('nothing', HTMLButtonElement),
  pay: byId('pay', HTMLButtonElement),
  payHint: byId('pay-hint', HTMLElement),
  sound: byId('sound', HTMLInputElement),
  log: byId('log', HTMLElement),
  download: byId('download', HTMLButtonElement),
  graph: byId('graph', HTMLElement),
  hops: byId('hops', HTMLOListElement),
  variables: byId('variables', HTMLElement),
  branchData: byId('branch-data', HTMLElement),
}

let project: PageProject | undefined
let map: IvrMap | undefined
let graph: DrawnGraph | undefined
let recording: CallRecording | undefined
/** Transcript entries already shown. */
let shown = 0
/** Digits collected toward a live input longer than one key. */
let entry = ''
let busy = false
/** Actions run one at a time, in the order they were asked for. */
let queue: Promise<void> = Promise.resolve()

const keys = new Map(
  KEYPAD.map((key) => {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = key
    button.setAttribute('aria-keyshortcuts', key)
    button.setAttribute('aria-disabled', 'true')
    button.addEventListener('click', () => pressKey(key))
    ui.keypad.append(button)
    return [key, button] as const
  }),
)

function element(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag)
  node.textContent = text
  if (className) node.className = className
  return node
}

/** Controls stay focusable when they cannot act (aria-disabled), so keyboard focus is never dropped. */
function enable(button: HTMLButtonElement, on: boolean): void {
  button.setAttribute('aria-disabled', String(!on))
}
const enabled = (button: HTMLButtonElement) => button.getAttribute('aria-disabled') !== 'true'

function branchLabel(branch: string): string {
  const name = map?.branches[branch]?.name
  return name ? `${branch} · ${name}` : branch
}

const ENDS: Record<EndKind, string> = {
  queue: 'queue',
  transfer: 'transfer',
  voicemail: 'voicemail',
  hangup: 'the IVR hung up',
  'caller-hung-up': 'the caller hung up',
  loop: 'a loop: too many moves without the caller',
}

function showError(message: string): void {
  ui.error.textContent = message
}

// --- What the caller hears, and the Trigger hops ------------------------------------------------------------------

const canSpeak = 'speechSynthesis' in window

function speak(text: string): void {
  if (ui.sound.checked && canSpeak) speechSynthesis.speak(new SpeechSynthesisUtterance(text.replace(/^\[|\]$/g, '')))
}

function hush(): void {
  if (canSpeak) speechSynthesis.cancel()
}

function logLine(text: string, className: string): void {
  ui.log.append(element('p', text, className))
  ui.log.scrollTop = ui.log.scrollHeight
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

function addHop(request: Extract<TranscriptEntry, { kind: 'request' }>): void {
  for (const open of ui.hops.querySelectorAll('details[open]')) open.removeAttribute('open')
  const item = document.createElement('li')
  const details = document.createElement('details')
  details.open = true
  const summary = document.createElement('summary')
  const path = request.trigger === 'default' ? '/trigger' : `/trigger/${request.trigger}`
  summary.append(`Branch ${branchLabel(request.branch)}: POST ${path} → `, element('span', '…', 'answer'))
  details.append(summary, element('h3', 'Request'), element('pre', JSON.stringify(request.body, null, 2)))
  item.append(details)
  ui.hops.append(item)
}

function answerHop(text: string, route?: string, version?: string): void {
  const details = ui.hops.lastElementChild?.querySelector('details')
  if (!details) return
  const answer = details.querySelector('.answer')
  if (answer) answer.textContent = text
  if (route) details.querySelector('summary')?.append(' ', element('span', `route ${route}`, 'route'))
  if (version) details.querySelector('summary')?.append(' ', element('span', `version ${version}`, 'route'))
}

function show(item: TranscriptEntry): void {
  switch (item.kind) {
    case 'heard':
      logLine(item.text, 'heard')
      speak(item.text)
      return
    case 'pressed':
      logLine(`You pressed ${item.keys}`, 'caller')
      return
    case 'waited':
      logLine('You pressed nothing', 'caller')
      return
    case 'paid':
      logLine(`You paid $${item.amount} with the card ending in ${item.lastFour}`, 'caller')
      return
    case 'no-route':
      logLine(
        `No Route Found at ${branchLabel(item.branch)} (${item.reason}): to ${item.to === 'hangup' ? 'hang-up' : branchLabel(item.to)}`,
        'note',
      )
      if (map?.branches[item.branch]?.type === 'trigger' && item.reason.startsWith('no answer'))
        answerHop(`no answer (${item.reason.replace(/^no answer: /, '')})`)
      return
    case 'request':
      addHop(item)
      return
    case 'response': {
      answerHop(String(item.status), item.route, item.version)
      ui.hops.lastElementChild
        ?.querySelector('details')
        ?.append(element('h3', 'Answer'), element('pre', pretty(item.body)))
      return
    }
    case 'ended':
      logLine(`Call ended: ${ENDS[item.how]}, at ${branchLabel(item.branch)}`, 'end')
      return
    case 'enter':
    case 'waiting':
      return
  }
}

// --- The state of the call -----------------------------------------------------------------------------------------

function render(): void {
  const call = recording?.call
  if (call) {
    for (const item of call.transcript.slice(shown)) show(item)
    shown = call.transcript.length
  }
  const waiting = call?.waitingFor
  const active = call !== undefined && !call.ended

  if (!call) ui.status.textContent = 'No call yet.'
  else if (call.ended) ui.status.textContent = `Call ended: ${ENDS[call.ended]}, at ${branchLabel(call.branch)}.`
  else if (waiting?.for === 'payment') ui.status.textContent = `At ${branchLabel(call.branch)}: waiting for a payment.`
  else
    ui.status.textContent = `At ${branchLabel(call.branch)}: waiting for keys (live: ${waiting?.keys.join(' ') ?? 'none'}).`
  ui.status.setAttribute('aria-busy', String(busy))
  ui.entry.textContent = entry ? `Entered ${entry}: more keys, or # to send.` : ''

  const live = waiting?.for === 'keys' ? liveKeys(entry, waiting.keys, KEYPAD) : new Set<string>()
  for (const [key, button] of keys) {
    enable(button, waiting?.for === 'keys')
    button.classList.toggle('live', live.has(key))
    if (live.has(key)) button.setAttribute('aria-describedby', 'live-note')
    else button.removeAttribute('aria-describedby')
  }
  enable(ui.nothing, waiting !== undefined)
  const paying = waiting?.for === 'payment'
  if (!paying && document.activeElement === ui.pay) keys.get('1')?.focus()
  ui.pay.hidden = !paying
  ui.payHint.hidden = !paying
  ui.payHint.textContent = paying
    ? 'The test card ending in 4242: your Trigger gets it as the platform sends it; this page shows it redacted.'
    : ''

  enable(ui.call, !active && map !== undefined)
  enable(ui.hangup, active)
  enable(ui.download, recording !== undefined)

  ui.variables.replaceChildren()
  const variables = Object.entries(call?.variables ?? {})
  if (variables.length === 0) ui.variables.append(element('dt', 'none'), element('dd', ''))
  for (const [name, value] of variables) ui.variables.append(element('dt', name), element('dd', JSON.stringify(value)))
  ui.branchData.textContent = JSON.stringify(call?.branchData ?? [], null, 1)

  const visited = new Set(call?.transcript.flatMap((item) => (item.kind === 'enter' ? [item.branch] : [])))
  graph?.highlight(call?.branch, visited)
}

// --- Actions ---------------------------------------------------------------------------------------------------

/** Run an action after those already asked for; the page shows what it did, or why it could not. */
function act(action: () => Promise<unknown> | unknown): void {
  queue = queue.then(async () => {
    busy = true
    render()
    try {
      await action()
    } catch (error) {
      showError(error instanceof Error ? error.message : String(error))
    } finally {
      busy = false
      render()
    }
  })
}

function target(): SimulatorTarget {
  const token = ui.token.value.trim()
  return urlTarget(location.origin, token ? { token } : {})
}

function dialCall(): void {
  showError('')
  if (!map || !enabled(ui.call)) return
  const from = ui.number.value.trim()
  if (!/^\+?[\d\s().-]{2,20}$/.test(from) || !/\d/.test(from)) {
    showError('Caller number: type the calling number in digits, e.g. 8459511000.')
    return
  }
  const atText = ui.at.value.trim()
  const at = atText === '' ? undefined : parseLocalTime(atText)
  if (atText !== '' && !at) {
    showError('Time of call: YYYY-MM-DD HH:MM:SS, e.g. 2023-07-20 11:35:35, or leave it empty for now.')
    return
  }
  const dialMap = map
  const version = ui.version.value || undefined
  hush()
  recording = undefined
  shown = 0
  entry = ''
  ui.log.replaceChildren()
  ui.hops.replaceChildren()
  act(async () => {
    recording = await CallRecording.dial({
      map: dialMap,
      target: target(),
      from,
      ...(at ? { at: formatLocalTime(at) } : {}),
      ...(project ? { timeZone: project.timeZone } : {}),
      ...(version ? { version } : {}),
    })
  })
}

function whileActive(action: (call: CallRecording) => Promise<unknown> | unknown): void {
  act(() => (recording && !recording.call.ended ? action(recording) : undefined))
}

/** A key typed on the computer's keyboard lights its keypad button for a moment (a click shows itself). */
function flash(key: string): void {
  const button = keys.get(key)
  button?.classList.add('pressed')
  setTimeout(() => button?.classList.remove('pressed'), 150)
}

function pressKey(key: string): void {
  whileActive(async (call) => {
    const waiting = call.call.waitingFor
    if (waiting?.for !== 'keys') return
    const next = nextEntry(entry, key, waiting.keys)
    entry = next.entry
    if (next.send !== undefined) await call.press(next.send)
  })
}

function download(): void {
  if (!recording) return
  const digits = recording.scenario().from.replace(/\D/g, '')
  const file = `call-${digits}-${recording.call.startedAt.replace(/\D/g, '')}.yaml`
  const yaml = scenarioYaml(
    recording.scenario(),
    `Recorded with voitex-trigger dev. Replay it: npx voitex-trigger scenarios ${file}`,
  )
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }))
  link.download = file
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault()
  dialCall()
})
ui.hangup.addEventListener('click', () => {
  if (!enabled(ui.hangup)) return
  hush()
  whileActive((call) => call.hangUp())
})
ui.nothing.addEventListener('click', () => {
  if (!enabled(ui.nothing)) return
  entry = ''
  whileActive((call) => call.call.waitingFor && call.wait())
})
ui.pay.addEventListener('click', () => whileActive((call) => call.call.waitingFor?.for === 'payment' && call.pay()))
ui.download.addEventListener('click', () => {
  if (enabled(ui.download)) download()
})
ui.sound.addEventListener('change', () => {
  if (!ui.sound.checked) hush()
})
if (!canSpeak) {
  ui.sound.disabled = true
  ui.sound.parentElement?.append(' (this browser has no speech synthesis)')
}

// The computer's keyboard is a keypad too, except while typing in a field.
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || !KEYPAD.includes(event.key)) return
  const field = event.target
  if (field instanceof HTMLInputElement && field.type !== 'checkbox') return
  if (field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) return
  event.preventDefault()
  flash(event.key)
  pressKey(event.key)
})

// --- The project -----------------------------------------------------------------------------------------------

async function load(): Promise<void> {
  let loaded: PageProject
  try {
    const response = await fetch('/_dev/project', { cache: 'no-store' })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    loaded = (await response.json()) as PageProject
  } catch (error) {
    ui.project.textContent = `Could not load the project from this server: ${error instanceof Error ? error.message : String(error)}`
    return
  }
  project = loaded
  const parsed = loaded.map === null ? undefined : parseIvrMap(loaded.map)
  if (parsed?.ok) map = parsed.value
  const problem =
    loaded.problem ?? (parsed && !parsed.ok ? `the IVR map is not valid: ${parsed.error.join('; ')}` : undefined)

  const flows = Object.keys(loaded.flows).join(', ')
  // With a token set the store's callers are not handed to a page that cannot show the token: say so, not "0".
  const callers =
    loaded.tokenRequired && loaded.callers.length === 0
      ? 'Known callers are listed only to a request with the Trigger token'
      : `${loaded.callers.length} known caller${loaded.callers.length === 1 ? '' : 's'}`
  ui.project.textContent = map
    ? `Flows: ${flows}. Hotline ${map.did}, ${Object.keys(map.branches).length} branches. ${callers}.`
    : `Flows: ${flows}. No call can be made: ${problem ?? 'no IVR map'}.`
  ui.callers.replaceChildren(
    ...loaded.callers.map((caller) => {
      const option = document.createElement('option')
      option.value = caller.number
      if (caller.name) option.label = caller.name
      return option
    }),
  )
  ui.atHint.textContent = `Optional: YYYY-MM-DD HH:MM:SS. Empty: now, in ${loaded.timeZone}.`
  ui.tokenField.hidden = !loaded.tokenRequired
  // Versions beyond stable: offer each; the default leaves the choice to the server, as a deployment would.
  ui.version.replaceChildren(ui.version.options[0] ?? new Option('By call id, as deployed', ''))
  for (const version of loaded.versions ?? []) ui.version.append(new Option(version, version))
  ui.versionField.hidden = (loaded.versions ?? []).length <= 1
  if (map) graph = drawGraph(ui.graph, graphOf(map, loaded.flows), map.root)
  else ui.graph.textContent = problem ?? 'No IVR map.'
  render()
}

render()
void load()
