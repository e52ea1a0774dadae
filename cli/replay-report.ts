import type { Replayed, ReplayStatus } from './replay-diff.ts'

/** How replay reports its verdicts: counted as they come, shown as lines for people or streamed as one JSON document. */

/** How many problem lines are shown; the rest are counted. */
const SHOWN_PROBLEMS = 5

/** The verdicts so far, kept as counts: memory stays flat however many lines are replayed. */
export class Tally {
  readonly count: Record<ReplayStatus, number> = { same: 0, changed: 0, fallback: 0 }
  unreadable = 0
  readonly problems: string[] = []
  readonly #routes = new Set<string>()

  add(result: Replayed): void {
    this.count[result.status]++
    if (result.status !== 'same') this.#routes.add(result.route.before ?? '(no route)')
  }

  problem(line: number, what: string): void {
    if (++this.unreadable <= SHOWN_PROBLEMS) this.problems.push(`line ${line}: ${what}`)
  }

  get exchanges(): number {
    return this.count.same + this.count.changed + this.count.fallback
  }

  /** The recorded routes of the exchanges that are not the same, each once, sorted. */
  get changedRoutes(): string[] {
    return [...this.#routes].sort()
  }
}

/** Where each verdict goes as it is made: lines for people, or one JSON document written as it grows. */
export interface Report {
  start(): void
  result(result: Replayed): void
  end(tally: Tally): void
}

export function textReport(file: string, description: string): Report {
  return {
    start: () => console.log(`Replaying ${file} against ${description}`),
    result(result) {
      if (result.status === 'same') return
      const reason = result.reason ? ` (${result.reason})` : ''
      console.log(
        `${LABEL[result.status].padEnd(10)} ${routeText(result.route)}${reason}: call ${result.callId}, trigger ${result.trigger}, line ${result.line}`,
      )
      for (const { path, before, after } of result.diff) console.log(`    ${path}: ${show(before)} → ${show(after)}`)
    },
    end(tally) {
      const { same, changed, fallback } = tally.count
      console.log(`\n${tally.exchanges} exchanges: ${same} same, ${changed} changed, ${fallback} now a fallback`)
      const routes = tally.changedRoutes
      if (routes.length > 0) console.log(`Changed routes: ${routes.join(', ')}`)
    },
  }
}

/** The JSON report, streamed: its results are written one by one, its counts after them. */
export function jsonReport(file: string, description: string): Report {
  let first = true
  return {
    start: () =>
      process.stdout.write(`{"file":${JSON.stringify(file)},"target":${JSON.stringify(description)},"results":[`),
    result(result) {
      process.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(result)}`)
      first = false
    },
    end(tally) {
      const counts = {
        exchanges: tally.exchanges,
        ...tally.count,
        unreadable: tally.unreadable,
        changedRoutes: tally.changedRoutes,
      }
      process.stdout.write(`\n],${JSON.stringify(counts).slice(1)}\n`)
    },
  }
}

function show(value: unknown): string {
  if (value === undefined) return '(none)'
  const text = JSON.stringify(value)
  return text.length > 72 ? `${text.slice(0, 71)}…` : text
}

const LABEL: Record<ReplayStatus, string> = { same: '= same', changed: '~ changed', fallback: '! fallback' }

function routeText({ before, after }: Replayed['route']): string {
  const name = (route: string | undefined) => route ?? '(no route)'
  return before === after ? name(before) : `${name(before)} → ${name(after)}`
}
