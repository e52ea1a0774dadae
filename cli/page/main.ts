import {
  CallRecording,
  graphOf,
  type IvrMap,
  parseIvrMap,
  type SimulatorTarget,
  scenarioYaml,
  urlTarget,
} from '../../src/simulator/index.ts'
import { formatLocalTime, parseLocalTime } from '../../src/time.ts'
import { element, enable, enabled, keypadButtons, pageElements } from './dom.ts'
import { type DrawnGraph, drawGraph } from './graph.ts'
import { liveKeys, nextEntry } from './keys.ts'
import type { PageProject } from './project.ts'
import { ENDS, speechAvailable, TranscriptView } from './transcript.ts'

/**
 * The dev page: a phone over the simulator. The platform's rules run here, in the browser (src/simulator, the same
 * code `voitex-trigger call` and `scenarios` run); each Trigger hop is a real POST to this server's /trigger.
 */

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']

const ui = pageElements()

/** Everything the page knows: the project it loaded and the call it is making. */
const state: {
  project: PageProject | undefined
  map: IvrMap | undefined
  graph: DrawnGraph | undefined
  recording: CallRecording | undefined
  /** Transcript entries already shown. */
  shown: number
  /** Digits collected toward a live input longer than one key. */
  entry: string
  busy: boolean
  /** Actions run one at a time, in the order they were asked for. */
  queue: Promise<void>
} = {
  project: undefined,
  map: undefined,
  graph: undefined,
  recording: undefined,
  shown: 0,
  entry: '',
  busy: false,
  queue: Promise.resolve(),
}

const keys = keypadButtons(ui.keypad, KEYPAD, (key) => pressKey(key))

function branchLabel(branch: string): string {
  const name = state.map?.branches[branch]?.name
  return name ? `${branch} · ${name}` : branch
}

function showError(message: string): void {
  ui.error.textContent = message
}

const transcript = new TranscriptView(ui, branchLabel, (branch) => state.map?.branches[branch]?.type === 'trigger')

// --- The state of the call -----------------------------------------------------------------------------------------

function render(): void {
  const call = state.recording?.call
  if (call) {
    for (const item of call.transcript.slice(state.shown)) transcript.show(item)
    state.shown = call.transcript.length
  }
  const waiting = call?.waitingFor
  const active = call !== undefined && !call.ended

  if (!call) ui.status.textContent = 'No call yet.'
  else if (call.ended) ui.status.textContent = `Call ended: ${ENDS[call.ended]}, at ${branchLabel(call.branch)}.`
  else if (waiting?.for === 'payment') ui.status.textContent = `At ${branchLabel(call.branch)}: waiting for a payment.`
  else
    ui.status.textContent = `At ${branchLabel(call.branch)}: waiting for keys (live: ${waiting?.keys.join(' ') ?? 'none'}).`
  ui.status.setAttribute('aria-busy', String(state.busy))
  ui.entry.textContent = state.entry ? `Entered ${state.entry}: more keys, or # to send.` : ''

  const live = waiting?.for === 'keys' ? liveKeys(state.entry, waiting.keys, KEYPAD) : new Set<string>()
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

  enable(ui.call, !active && state.map !== undefined)
  enable(ui.hangup, active)
  enable(ui.download, state.recording !== undefined)

  ui.variables.replaceChildren()
  const variables = Object.entries(call?.variables ?? {})
  if (variables.length === 0) ui.variables.append(element('dt', 'none'), element('dd', ''))
  for (const [name, value] of variables) ui.variables.append(element('dt', name), element('dd', JSON.stringify(value)))
  ui.branchData.textContent = JSON.stringify(call?.branchData ?? [], null, 1)

  const visited = new Set(call?.transcript.flatMap((item) => (item.kind === 'enter' ? [item.branch] : [])))
  state.graph?.highlight(call?.branch, visited)
}

// --- Actions ---------------------------------------------------------------------------------------------------

/** Run an action after those already asked for; the page shows what it did, or why it could not. */
function act(action: () => Promise<unknown> | unknown): void {
  state.queue = state.queue.then(async () => {
    state.busy = true
    render()
    try {
      await action()
    } catch (error) {
      showError(error instanceof Error ? error.message : String(error))
    } finally {
      state.busy = false
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
  if (!state.map || !enabled(ui.call)) return
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
  const dialMap = state.map
  const version = ui.version.value || undefined
  transcript.hush()
  state.recording = undefined
  state.shown = 0
  state.entry = ''
  transcript.clear()
  act(async () => {
    state.recording = await CallRecording.dial({
      map: dialMap,
      target: target(),
      from,
      ...(at ? { at: formatLocalTime(at) } : {}),
      ...(state.project ? { timeZone: state.project.timeZone } : {}),
      ...(version ? { version } : {}),
    })
  })
}

function whileActive(action: (call: CallRecording) => Promise<unknown> | unknown): void {
  act(() => (state.recording && !state.recording.call.ended ? action(state.recording) : undefined))
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
    const next = nextEntry(state.entry, key, waiting.keys)
    state.entry = next.entry
    if (next.send !== undefined) await call.press(next.send)
  })
}

function download(): void {
  if (!state.recording) return
  const digits = state.recording.scenario().from.replace(/\D/g, '')
  const file = `call-${digits}-${state.recording.call.startedAt.replace(/\D/g, '')}.yaml`
  const yaml = scenarioYaml(
    state.recording.scenario(),
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
  transcript.hush()
  whileActive((call) => call.hangUp())
})
ui.nothing.addEventListener('click', () => {
  if (!enabled(ui.nothing)) return
  state.entry = ''
  whileActive((call) => call.call.waitingFor && call.wait())
})
ui.pay.addEventListener('click', () => whileActive((call) => call.call.waitingFor?.for === 'payment' && call.pay()))
ui.download.addEventListener('click', () => {
  if (enabled(ui.download)) download()
})
ui.sound.addEventListener('change', () => {
  if (!ui.sound.checked) transcript.hush()
})
if (!speechAvailable) {
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
  state.project = loaded
  const parsed = loaded.map === null ? undefined : parseIvrMap(loaded.map)
  if (parsed?.ok) state.map = parsed.value
  const problem =
    loaded.problem ?? (parsed && !parsed.ok ? `the IVR map is not valid: ${parsed.error.join('; ')}` : undefined)

  const flows = Object.keys(loaded.flows).join(', ')
  // With a token set the store's callers are not handed to a page that cannot show the token: say so, not "0".
  const callers =
    loaded.tokenRequired && loaded.callers.length === 0
      ? 'Known callers are listed only to a request with the Trigger token'
      : `${loaded.callers.length} known caller${loaded.callers.length === 1 ? '' : 's'}`
  ui.project.textContent = state.map
    ? `Flows: ${flows}. Hotline ${state.map.did}, ${Object.keys(state.map.branches).length} branches. ${callers}.`
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
  if (state.map) state.graph = drawGraph(ui.graph, graphOf(state.map, loaded.flows), state.map.root)
  else ui.graph.textContent = problem ?? 'No IVR map.'
  render()
}

render()
void load()
