import { type FlowsByTrigger, graphOf } from '../src/_internal.ts'
import type { IvrMap } from '../testing/index.ts'
import { renderGraph } from './page/graph.ts'
import type { GraphNode } from './page/layout.ts'
import { escapeMarkup, markupDocument } from './page/markup.ts'
import type { ReportFigures } from './report-tally.ts'

/**
 * The report as one self-contained HTML page: no script, no CDN, styles inline, so it opens from disk and can be
 * mailed. The IVR map is the dev page's own drawing (cli/page/graph.ts), written as markup.
 */

const number = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : value.toLocaleString('en-US')
const share = (part: number, whole: number) => (whole === 0 ? '' : ` (${((100 * part) / whole).toFixed(1)} %)`)
const esc = escapeMarkup

type TriggerReport = ReportFigures['triggers'][string]

/** The map with each Trigger's requests and fallbacks under it, and captured `goto` counts on its ways out. */
export function mapSvg(map: IvrMap, flows: FlowsByTrigger, figures: ReportFigures): string {
  const graph = graphOf(map, flows)
  const nodes: GraphNode[] = graph.nodes.map((node) => {
    const branch = map.branches[node.branch]
    if (branch?.type !== 'trigger') return node
    const counted = figures.triggers[branch.trigger]
    const requests = counted?.requests ?? 0
    const fallbacks = counted?.outcomes.fallback ?? 0
    return { ...node, badge: `${number(requests)} requests${fallbacks > 0 ? ` · ${number(fallbacks)} fell back` : ''}` }
  })
  const edges = [...graph.edges]
  for (const [number_, branch] of Object.entries(map.branches)) {
    if (branch.type !== 'trigger') continue
    for (const [to, count] of Object.entries(figures.triggers[branch.trigger]?.gotos ?? {})) {
      const at = edges.findIndex((edge) => edge.from === number_ && edge.to === to && edge.byFlow)
      const existing = at >= 0 ? edges[at] : undefined
      if (existing) edges[at] = { ...existing, label: `${existing.label} · ${number(count)}` }
      else edges.push({ from: number_, to, label: `${number(count)} calls`, byFlow: true })
    }
  }
  const { svg } = renderGraph(markupDocument, { nodes, edges }, map.root)
  return svg.toString()
}

function countRows(counts: Readonly<Record<string, number>>, whole: number): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a)
  if (entries.length === 0) return '<p class="muted">none</p>'
  return `<ul>${entries.map(([name, count]) => `<li><code>${esc(name)}</code> ${number(count)}${share(count, whole)}</li>`).join('')}</ul>`
}

/** One trigger: all its requests and each version, side by side. */
function triggerSection(name: string, figures: TriggerReport): string {
  const columns: [string, Omit<TriggerReport, 'reasons' | 'lookups' | 'once' | 'versions' | 'gotos'>][] = [
    ['all', figures],
    ...Object.entries(figures.versions).sort(([a], [b]) =>
      a === 'stable' ? -1 : b === 'stable' ? 1 : a.localeCompare(b),
    ),
  ]
  const routes = [...new Set(columns.flatMap(([, column]) => Object.keys(column.routes)))].sort(
    (a, b) => (figures.routes[b] ?? 0) - (figures.routes[a] ?? 0),
  )
  const row = (label: string, cell: (column: (typeof columns)[number][1]) => string) =>
    `<tr><th scope="row">${label}</th>${columns.map(([, column]) => `<td>${cell(column)}</td>`).join('')}</tr>`
  const rows = [
    row('requests', (column) => number(column.requests)),
    ...(['decision', 'fallback', 'rejected'] as const).map((outcome) =>
      row(
        outcome,
        (column) => `${number(column.outcomes[outcome])}${share(column.outcomes[outcome], column.requests)}`,
      ),
    ),
    ...routes.map((route) =>
      row(
        `route <code>${esc(route)}</code>`,
        (column) => `${number(column.routes[route] ?? 0)}${share(column.routes[route] ?? 0, column.requests)}`,
      ),
    ),
    ...(['p50', 'p95', 'p99'] as const).map((p) =>
      row(`latency ${p}`, (column) => `${number(column.latency_ms[p])} ms`),
    ),
  ]
  const { lookups } = figures
  const lookupTotal = lookups.found + lookups.not_found + Object.values(lookups.degraded).reduce((a, b) => a + b, 0)
  return `<section class="trigger" aria-labelledby="t-${esc(name)}">
<h2 id="t-${esc(name)}">Trigger <code>${esc(name)}</code></h2>
<table><thead><tr><th></th>${columns.map(([version]) => `<th scope="col">${version === 'all' ? 'all versions' : `version <code>${esc(version)}</code>`}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<div class="facts">
<div><h3>Fallback reasons</h3>${countRows(figures.reasons.fallback, figures.outcomes.fallback)}</div>
<div><h3>Rejected, why</h3>${countRows(figures.reasons.rejected, figures.outcomes.rejected)}</div>
<div><h3>Caller lookups</h3>${countRows({ found: lookups.found, not_found: lookups.not_found, ...Object.fromEntries(Object.entries(lookups.degraded).map(([reason, count]) => [`degraded: ${reason}`, count])) }, lookupTotal)}</div>
<div><h3><code>once</code> outcomes</h3>${countRows(
    figures.once,
    Object.values(figures.once).reduce((a, b) => a + b, 0),
  )}</div>
</div>
</section>`
}

function hoursSection(figures: ReportFigures): string {
  if (figures.hours.length === 0)
    return '<p class="muted">No times in these logs (stdout lines carry none; CloudWatch, wrangler tail and captures do).</p>'
  const most = Math.max(...figures.hours.map((hour) => hour.calls), 1)
  const rows = figures.hours.map(
    (hour) =>
      `<tr><th scope="row">${esc(hour.hour.slice(0, 13).replace('T', ' '))}:00Z</th><td>${number(hour.calls)}</td><td>${number(hour.requests)}</td><td class="bar"><span style="width:${((100 * hour.calls) / most).toFixed(1)}%"></span></td></tr>`,
  )
  return `<table class="hours"><thead><tr><th scope="col">hour (UTC)</th><th scope="col">calls</th><th scope="col">requests</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function fallbacksSection(figures: ReportFigures): string {
  if (figures.top_fallbacks.length === 0) return '<p class="muted">No fallbacks.</p>'
  const rows = figures.top_fallbacks.map(
    (fallback) =>
      `<tr><td><code>${esc(fallback.trigger)}</code></td><td><code>${esc(fallback.reason)}</code></td><td>${number(fallback.count)}</td><td><code>${esc(fallback.example_call_id ?? '–')}</code></td></tr>`,
  )
  return `<table><thead><tr><th scope="col">trigger</th><th scope="col">reason</th><th scope="col">count</th><th scope="col">example call_id</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

const STYLE = `
:root{--ink:#1d2433;--muted:#5b6474;--line:#cfd5df;--paper:#fff;--panel:#f5f7fa;--accent:#0b63ce;--danger:#b42318;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--paper)}
body{margin:0 auto;max-width:1200px;padding:1rem;line-height:1.4}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}h3{font-size:.95rem;margin:.5rem 0 .25rem}
.muted{color:var(--muted)}code{font-size:.9em}
table{border-collapse:collapse;margin:.25rem 0}th,td{border-bottom:1px solid var(--line);padding:.25rem .6rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left}thead th{background:var(--panel)}
.facts{display:flex;flex-wrap:wrap;gap:1.5rem}.facts ul{margin:0;padding-left:1.1rem}
.hours td.bar{width:320px;text-align:left}.hours .bar span{display:inline-block;height:.8rem;background:var(--accent);border-radius:2px}
.graph-box{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
svg.graph{display:block;font-size:12px}
.edge path{fill:none;stroke:#7b8494;stroke-width:1.4}.edge.by-flow path{stroke-dasharray:4 3}
.edge text{fill:var(--muted);font-size:11px;paint-order:stroke;stroke:var(--paper);stroke-width:4px}
.arrow{fill:#7b8494}.node rect{fill:var(--panel);stroke:#7b8494;stroke-width:1.2}
.node.type-trigger rect{fill:#e8f0fd;stroke:var(--accent)}.node.type-terminal rect{fill:#f2f2f2}
.node .name{font-weight:600;fill:var(--ink)}.node .detail{fill:var(--muted);font-size:11px}
.node .badge{fill:var(--accent);font-weight:700;font-size:12px;paint-order:stroke;stroke:var(--paper);stroke-width:4px}
`

export interface ReportPage {
  readonly figures: ReportFigures
  readonly files: readonly string[]
  readonly read: { readonly lines: number; readonly records: number; readonly unreadable: number }
  /** The map drawn with counts, or why there is none. */
  readonly map: { readonly svg: string } | { readonly problem: string }
}

export function reportHtml(page: ReportPage): string {
  const { figures, read } = page
  const period =
    figures.period.from && figures.period.to
      ? `${figures.period.from} to ${figures.period.to}`
      : 'no times in these logs'
  const triggers = Object.entries(figures.triggers).sort(([, a], [, b]) => b.requests - a.requests)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Trigger report · voitex-trigger</title><style>${STYLE}</style></head>
<body>
<header><h1>Trigger report</h1>
<p class="muted">${esc(page.files.join(', '))} · ${esc(period)} · ${number(read.lines)} lines, ${number(read.records)} records, ${number(read.unreadable)} unreadable (skipped) · counted from ${esc(figures.counted_from)}</p></header>
<section aria-labelledby="map-heading"><h2 id="map-heading">IVR map</h2>
${'svg' in page.map ? `<div class="graph-box">${page.map.svg}</div>` : `<p class="muted">${esc(page.map.problem)}</p>`}
</section>
${triggers.length === 0 ? '<p>No Trigger requests in these logs.</p>' : triggers.map(([name, trigger]) => triggerSection(name, trigger)).join('\n')}
<section aria-labelledby="hours-heading"><h2 id="hours-heading">Calls per hour</h2>${hoursSection(figures)}</section>
<section aria-labelledby="fallbacks-heading"><h2 id="fallbacks-heading">Top fallback reasons</h2>${fallbacksSection(figures)}</section>
</body></html>
`
}
