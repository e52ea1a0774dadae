import { lintDecision } from '../decision/lint.ts'
import type { Decision } from '../decision/schema.ts'
import type { Flow } from '../flow.ts'
import { type Branch, type IvrMap, targetsOf } from './map.ts'

export interface MapIssue {
  readonly severity: 'error' | 'warning'
  readonly branch?: string
  readonly message: string
}

/** Flows by trigger name, as given to `createTriggerApp`: `default` serves names without a flow of their own. */
export type FlowsByTrigger = Readonly<Record<string, Pick<Flow, 'name' | 'branches'>>>

function flowAt(flows: FlowsByTrigger, branch: Extract<Branch, { type: 'trigger' }>) {
  return flows[branch.trigger] ?? flows.default
}

const NEXT_LABEL: Record<Branch['type'], string> = {
  content: 'no key',
  trigger: 'goto',
  album: 'next',
  payment: 'after payment',
  'contact-data': 'next',
  terminal: '',
}

/** A way between two branches: a portal target (a key, `next`, No Route Found) or a route a flow declares. */
export interface MapEdge {
  readonly from: string
  readonly to: string
  readonly label: string
  /** Declared by the flow behind a Trigger (its `branches`), rather than set on the portal. */
  readonly byFlow: boolean
}

/** Where a call can go from a branch: the portal's own targets, plus a Trigger's flow's declared branches. */
function edgesOf(map: IvrMap, flows: FlowsByTrigger): MapEdge[] {
  const edges: MapEdge[] = []
  for (const [from, branch] of Object.entries(map.branches)) {
    for (const [field, to] of targetsOf(branch)) {
      if (to === 'hangup') continue
      const label = field.startsWith('inputs.')
        ? field.slice(7)
        : field === 'next'
          ? NEXT_LABEL[branch.type]
          : 'No Route Found'
      edges.push({ from, to, label, byFlow: false })
    }
    if (branch.type === 'trigger')
      for (const [name, to] of Object.entries(flowAt(flows, branch)?.branches ?? {}))
        edges.push({ from, to: String(to), label: name, byFlow: true })
  }
  return edges
}

/**
 * Check a hotline's map against the flows behind its Triggers, before deploy: targets that do not exist, Triggers
 * without a flow or a No Route Found target, branches nothing can reach, and (optionally) answers seen in tests.
 */
export function lintMap(map: IvrMap, flows: FlowsByTrigger, answers: readonly Decision[] = []): MapIssue[] {
  const issues: MapIssue[] = []
  const known = Object.keys(map.branches)
  for (const [number, branch] of Object.entries(map.branches)) {
    if (branch.type !== 'trigger') continue
    const flow = flowAt(flows, branch)
    if (!flow) {
      issues.push({ severity: 'error', branch: number, message: `Trigger ${number} (${branch.trigger}) has no flow` })
      continue
    }
    if (branch.noRouteFound === undefined)
      issues.push({
        severity: 'error',
        branch: number,
        message: `Trigger ${number} has no No Route Found target: a fallback would hang up`,
      })
    for (const [name, target] of Object.entries(flow.branches ?? {}))
      if (!(String(target) in map.branches))
        issues.push({
          severity: 'error',
          branch: number,
          message: `flow ${flow.name} sends callers to ${name} (${target}), which is not on the portal`,
        })
  }
  for (const answer of answers)
    for (const issue of lintDecision(answer, known))
      issues.push({ severity: 'error', message: `an answer's ${issue.message}` })

  const reachable = new Set([map.root])
  const edges = edgesOf(map, flows)
  for (let grew = true; grew; ) {
    grew = false
    for (const edge of edges)
      if (reachable.has(edge.from) && !reachable.has(edge.to) && edge.to in map.branches) {
        reachable.add(edge.to)
        grew = true
      }
  }
  for (const number of known)
    if (!reachable.has(number))
      issues.push({ severity: 'warning', branch: number, message: `branch ${number} cannot be reached from the root` })
  return issues
}

const SHAPES: Record<Branch['type'], [string, string]> = {
  content: ['["', '"]'],
  trigger: ['{{"', '"}}'],
  album: ['[("', '")]'],
  payment: ['[/"', '"/]'],
  'contact-data': ['[\\"', '"\\]'],
  terminal: ['(["', '"])'],
}

/** A branch as the graph shows it: its number, name, and what it is (a Trigger's URL, a terminal's kind). */
export interface MapNode {
  readonly branch: string
  readonly type: Branch['type']
  readonly name: string | undefined
  readonly detail: string
}

/** The map and the flows' declared routes as nodes and edges: what `toMermaid` prints and the dev page draws. */
export function graphOf(map: IvrMap, flows: FlowsByTrigger): { nodes: MapNode[]; edges: MapEdge[] } {
  const nodes = Object.entries(map.branches).map(([number, branch]) => ({
    branch: number,
    type: branch.type,
    name: branch.name,
    detail:
      branch.type === 'trigger'
        ? `trigger /trigger/${branch.trigger}`
        : branch.type === 'terminal'
          ? branch.kind
          : branch.type,
  }))
  return { nodes, edges: edgesOf(map, flows) }
}

/** The map and the flows' declared routes as a Mermaid flowchart: solid for the portal, dotted for a flow's choices. */
export function toMermaid(map: IvrMap, flows: FlowsByTrigger): string {
  const lines = ['flowchart TD']
  const { nodes, edges } = graphOf(map, flows)
  for (const node of nodes) {
    const [open, close] = SHAPES[node.type]
    const name = (node.name ?? '').replaceAll('"', "'")
    lines.push(
      `  b${node.branch}${open}${node.branch}${name ? ` · ${name}` : ''}<br/><small>${node.detail}</small>${close}`,
    )
  }
  for (const edge of edges) {
    const label = edge.label.replaceAll('"', "'")
    lines.push(
      edge.byFlow ? `  b${edge.from} -. "${label}" .-> b${edge.to}` : `  b${edge.from} -- "${label}" --> b${edge.to}`,
    )
  }
  return `${lines.join('\n')}\n`
}
