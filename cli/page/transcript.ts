/** What the caller heard and did, spoken and written in the call log, and each Trigger hop with its request and answer. */
import type { EndKind, TranscriptEntry } from '../../src/simulator/index.ts'
import { element, type PageElements } from './dom.ts'

/** Whether this browser can speak what the caller hears. */
export const speechAvailable = 'speechSynthesis' in window

/** How a call ended, in words. */
export const ENDS: Record<EndKind, string> = {
  queue: 'queue',
  transfer: 'transfer',
  voicemail: 'voicemail',
  hangup: 'the IVR hung up',
  'caller-hung-up': 'the caller hung up',
  loop: 'a loop: too many moves without the caller',
}

/** Writes a call's transcript into the page, entry by entry. */
export class TranscriptView {
  constructor(
    private readonly ui: Pick<PageElements, 'log' | 'hops' | 'sound'>,
    /** A branch as the page names it (its number and, when the map gives one, its name). */
    private readonly label: (branch: string) => string,
    /** Whether a branch is a Trigger branch (its hop then shows a missing answer). */
    private readonly isTrigger: (branch: string) => boolean,
  ) {}

  /** Forget the last call's log and hops. */
  clear(): void {
    this.ui.log.replaceChildren()
    this.ui.hops.replaceChildren()
  }

  private speak(text: string): void {
    if (this.ui.sound.checked && speechAvailable)
      speechSynthesis.speak(new SpeechSynthesisUtterance(text.replace(/^\[|\]$/g, '')))
  }

  hush(): void {
    if (speechAvailable) speechSynthesis.cancel()
  }

  private logLine(text: string, className: string): void {
    this.ui.log.append(element('p', text, className))
    this.ui.log.scrollTop = this.ui.log.scrollHeight
  }

  private addHop(request: Extract<TranscriptEntry, { kind: 'request' }>): void {
    for (const open of this.ui.hops.querySelectorAll('details[open]')) open.removeAttribute('open')
    const item = document.createElement('li')
    const details = document.createElement('details')
    details.open = true
    const summary = document.createElement('summary')
    const path = request.trigger === 'default' ? '/trigger' : `/trigger/${request.trigger}`
    summary.append(`Branch ${this.label(request.branch)}: POST ${path} → `, element('span', '…', 'answer'))
    details.append(summary, element('h3', 'Request'), element('pre', JSON.stringify(request.body, null, 2)))
    item.append(details)
    this.ui.hops.append(item)
  }

  private answerHop(text: string, route?: string, version?: string): void {
    const details = this.ui.hops.lastElementChild?.querySelector('details')
    if (!details) return
    const answer = details.querySelector('.answer')
    if (answer) answer.textContent = text
    if (route) details.querySelector('summary')?.append(' ', element('span', `route ${route}`, 'route'))
    if (version) details.querySelector('summary')?.append(' ', element('span', `version ${version}`, 'route'))
  }

  show(item: TranscriptEntry): void {
    switch (item.kind) {
      case 'heard':
        this.logLine(item.text, 'heard')
        this.speak(item.text)
        return
      case 'pressed':
        this.logLine(`You pressed ${item.keys}`, 'caller')
        return
      case 'waited':
        this.logLine('You pressed nothing', 'caller')
        return
      case 'paid':
        this.logLine(`You paid $${item.amount} with the card ending in ${item.lastFour}`, 'caller')
        return
      case 'no-route':
        this.logLine(
          `No Route Found at ${this.label(item.branch)} (${item.reason}): to ${item.to === 'hangup' ? 'hang-up' : this.label(item.to)}`,
          'note',
        )
        if (this.isTrigger(item.branch) && item.reason.startsWith('no answer'))
          this.answerHop(`no answer (${item.reason.replace(/^no answer: /, '')})`)
        return
      case 'request':
        this.addHop(item)
        return
      case 'response': {
        this.answerHop(String(item.status), item.route, item.version)
        this.ui.hops.lastElementChild
          ?.querySelector('details')
          ?.append(element('h3', 'Answer'), element('pre', pretty(item.body)))
        return
      }
      case 'ended':
        this.logLine(`Call ended: ${ENDS[item.how]}, at ${this.label(item.branch)}`, 'end')
        return
      case 'enter':
      case 'waiting':
        return
    }
  }
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
