import type { MapEdge } from '../../src/simulator/index.ts'
import { GAP_X, type GraphNode, layout, NODE_H, NODE_W, type Placed } from './layout.ts'

/** The IVR map as SVG: layers by distance from the root, portal ways solid, a flow's declared routes dotted. */

const SVG = 'http://www.w3.org/2000/svg'

/** What the graph is drawn with: the page's `document`, or a document that writes markup (the report's, in Node). */
export interface GraphElement {
  setAttribute(name: string, value: string): void
  textContent: string | null
}
export interface GraphDocument<E extends GraphElement> {
  create(name: string): E
  append(parent: E, child: E): void
}

/** The page's document. */
const pageDocument: GraphDocument<SVGElement> = {
  create: (name) => document.createElementNS(SVG, name) as SVGElement,
  append: (parent, child) => parent.append(child),
}

function elementOf<E extends GraphElement>(doc: GraphDocument<E>) {
  return (name: string, attributes: Record<string, string | number>, parent?: E): E => {
    const node = doc.create(name)
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value))
    if (parent) doc.append(parent, node)
    return node
  }
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}

interface Way {
  readonly from: Placed
  readonly to: Placed
  readonly byFlow: boolean
  readonly label: string
}

/** A point of a cubic Bézier curve. */
function bezier(p: readonly [number, number][], t: number): [number, number] {
  const u = 1 - t
  const [a = [0, 0], b = [0, 0], c = [0, 0], d = [0, 0]] = p
  const at = (i: 0 | 1) => u * u * u * a[i] + 3 * u * u * t * b[i] + 3 * u * t * t * c[i] + t * t * t * d[i]
  return [at(0), at(1)]
}

/**
 * Where each way meets its branches: between layers, the upper branch's bottom and the lower one's top (whichever
 * way the call goes; the arrow says), spread along the side in the order of the other ends, so no two share a point.
 * Within a layer, both tops.
 */
function ports(ways: readonly Way[]): Map<Way, { from: [number, number]; to: [number, number] }> {
  const sides = new Map<string, { way: Way; end: 'from' | 'to'; other: number }[]>()
  const attach = (node: Placed, side: 'top' | 'bottom', way: Way, end: 'from' | 'to', other: Placed) => {
    const key = `${node.branch}:${side}`
    const list = sides.get(key) ?? []
    list.push({ way, end, other: other.x })
    sides.set(key, list)
  }
  for (const way of ways) {
    const { from, to } = way
    if (from.layer === to.layer) {
      attach(from, 'top', way, 'from', to)
      attach(to, 'top', way, 'to', from)
    } else {
      const [upper, lower] = from.layer < to.layer ? [from, to] : [to, from]
      attach(upper, 'bottom', way, upper === from ? 'from' : 'to', lower)
      attach(lower, 'top', way, lower === from ? 'from' : 'to', upper)
    }
  }
  const points = new Map<Way, { from: [number, number]; to: [number, number] }>()
  for (const [key, list] of sides) {
    const bottom = key.endsWith(':bottom')
    list.sort((a, b) => a.other - b.other)
    list.forEach(({ way, end }, index) => {
      const node = way[end]
      const point: [number, number] = [
        node.x + (NODE_W * (index + 1)) / (list.length + 1),
        node.y + (bottom ? NODE_H : 0),
      ]
      const entry = points.get(way) ?? { from: point, to: point }
      points.set(way, { ...entry, [end]: point })
    })
  }
  return points
}

/** The path of a way and where its label goes (`t`: how far along, to keep the labels of parallel ways apart). */
function route(
  way: Way,
  ends: { from: [number, number]; to: [number, number] },
  t: number,
  placed: ReadonlyMap<string, Placed>,
): { d: string; x: number; y: number } {
  const { from, to } = way
  if (from.branch === to.branch) {
    const [x, y] = [from.x + NODE_W - 26, from.y]
    return { d: `M ${x} ${y} C ${x - 4} ${y - 30}, ${x + 26} ${y - 30}, ${x + 18} ${y}`, x: x + 30, y: y - 22 }
  }
  const [[x0, y0], [x3, y3]] = [ends.from, ends.to]
  if (from.layer === to.layer) {
    const lift = 30 + Math.abs(x3 - x0) / 8
    const curve: [number, number][] = [
      [x0, y0],
      [x0, y0 - lift],
      [x3, y3 - lift],
      [x3, y3],
    ]
    const [x, y] = bezier(curve, 0.5)
    return { d: `M ${x0} ${y0} C ${x0} ${y0 - lift}, ${x3} ${y3 - lift}, ${x3} ${y3}`, x, y }
  }
  // Top to bottom; a way that skips layers goes through the gap of the first layer it crosses nearest its line.
  const down = from.layer < to.layer
  const [ux, uy, lx, ly] = down ? [x0, y0, x3, y3] : [x3, y3, x0, y0]
  const upperLayer = Math.min(from.layer, to.layer)
  const skipped = [...placed.values()].filter((node) => node.layer === upperLayer + 1)
  if (Math.abs(from.layer - to.layer) === 1 || skipped.length === 0) {
    const bend = (ly - uy) / 2
    const curve: [number, number][] = [
      [ux, uy],
      [ux, uy + bend],
      [lx, ly - bend],
      [lx, ly],
    ]
    const [x, y] = bezier(curve, t)
    const path = down ? curve : [...curve].reverse()
    return {
      d: `M ${path[0]?.join(' ')} C ${path
        .slice(1)
        .map((p) => p.join(' '))
        .join(', ')}`,
      x,
      y,
    }
  }
  const xs = skipped.map((node) => node.x).sort((a, b) => a - b)
  const gaps = [(xs[0] ?? 0) - GAP_X / 2, ...xs.map((x) => x + NODE_W + GAP_X / 2)]
  const middle = (ux + lx) / 2
  const gx = gaps.reduce((best, gap) => (Math.abs(gap - middle) < Math.abs(best - middle) ? gap : best))
  const top = (skipped[0]?.y ?? uy) - 8
  const bottom = (skipped[0]?.y ?? uy) + NODE_H + 8
  const segments = `M ${ux} ${uy} C ${ux} ${uy + 30}, ${gx} ${top - 30}, ${gx} ${top} L ${gx} ${bottom} C ${gx} ${bottom + 30}, ${lx} ${ly - 30}, ${lx} ${ly}`
  const reversed = `M ${lx} ${ly} C ${lx} ${ly - 30}, ${gx} ${bottom + 30}, ${gx} ${bottom} L ${gx} ${top} C ${gx} ${top - 30}, ${ux} ${uy + 30}, ${ux} ${uy}`
  return { d: down ? segments : reversed, x: gx, y: (top + bottom) / 2 }
}

export interface DrawnGraph {
  /** Mark the branch the call is at, and the branches it went through. */
  highlight(current: string | undefined, visited: ReadonlySet<string>): void
}

/** Draw the graph into `container` (replacing what is there). */
export function drawGraph(
  container: HTMLElement,
  graph: { nodes: readonly GraphNode[]; edges: readonly MapEdge[] },
  root: string,
): DrawnGraph {
  const { svg, drawn, placed, summary } = renderGraph(pageDocument, graph, root)
  container.replaceChildren(svg)
  return {
    highlight(current, visited) {
      for (const [branch, g] of drawn) {
        g.classList.toggle('current', branch === current)
        g.classList.toggle('visited', visited.has(branch) && branch !== current)
      }
      const at = current === undefined ? undefined : placed.get(current)
      // At phone width the map scrolls: keep the call's branch in view.
      if (at) container.scrollLeft = at.x + NODE_W / 2 - container.clientWidth / 2
      svg.setAttribute(
        'aria-label',
        at ? `${summary} The call is at ${at.branch}${at.name ? ` · ${at.name}` : ''}.` : summary,
      )
    },
  }
}

/** The graph as an `<svg>` element made with `doc`, its branches' groups, places and description. */
export function renderGraph<E extends GraphElement>(
  doc: GraphDocument<E>,
  graph: { nodes: readonly GraphNode[]; edges: readonly MapEdge[] },
  root: string,
): { svg: E; drawn: Map<string, E>; placed: Map<string, Placed>; summary: string } {
  const element = elementOf(doc)
  const { placed, width, height } = layout(graph.nodes, graph.edges, root)
  const svg = element('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'graph' })
  const summary = `IVR map: ${graph.nodes.length} branches, ${graph.edges.length} ways between them.`
  svg.setAttribute('aria-label', summary)
  const defs = element('defs', {}, svg)
  const marker = element(
    'marker',
    { id: 'arrow', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 8, markerHeight: 8, orient: 'auto' },
    defs,
  )
  element('path', { d: 'M 0 0 L 8 4 L 0 8 z', class: 'arrow' }, marker)

  // One way per pair and kind (a portal way, a flow route), labels joined; parallel ways get their labels apart.
  const grouped = new Map<string, { from: Placed; to: Placed; byFlow: boolean; labels: string[] }>()
  for (const edge of graph.edges) {
    const from = placed.get(edge.from)
    const to = placed.get(edge.to)
    if (!from || !to) continue
    const key = `${edge.from}>${edge.to}>${edge.byFlow}`
    const group = grouped.get(key) ?? { from, to, byFlow: edge.byFlow, labels: [] }
    if (edge.label) group.labels.push(edge.label)
    grouped.set(key, group)
  }
  const ways: Way[] = [...grouped.values()].map((group) => ({ ...group, label: group.labels.join(', ') }))
  const pairs = new Map<string, Way[]>()
  for (const way of ways) {
    const pair = [way.from.branch, way.to.branch].sort().join('-')
    pairs.set(pair, [...(pairs.get(pair) ?? []), way])
  }
  const ends = ports(ways)
  const edgeLayer = element('g', { class: 'edges' }, svg)
  for (const way of ways) {
    const siblings = pairs.get([way.from.branch, way.to.branch].sort().join('-')) ?? [way]
    const index = siblings.indexOf(way)
    const t = siblings.length === 1 ? 0.5 : 0.25 + (0.5 * index) / (siblings.length - 1)
    const end = ends.get(way)
    if (!end) continue
    const { d, x, y } = route(way, end, t, placed)
    const g = element('g', { class: way.byFlow ? 'edge by-flow' : 'edge' }, edgeLayer)
    element('path', { d, 'marker-end': 'url(#arrow)' }, g)
    if (way.label) {
      const label = element('text', { x, y, 'text-anchor': 'middle', 'dominant-baseline': 'middle' }, g)
      label.textContent = clip(way.label, 28)
    }
  }
  const nodeLayer = element('g', { class: 'nodes' }, svg)
  const drawn = new Map<string, E>()
  for (const node of placed.values()) {
    const g = element('g', { class: `node type-${node.type}`, transform: `translate(${node.x} ${node.y})` }, nodeLayer)
    const title = element('title', {}, g)
    const heading = `${node.branch}${node.name ? ` · ${node.name}` : ''}`
    title.textContent = `${heading} (${node.detail})`
    element('rect', { width: NODE_W, height: NODE_H, rx: node.type === 'terminal' ? NODE_H / 2 : 6 }, g)
    const name = element('text', { x: NODE_W / 2, y: 19, 'text-anchor': 'middle', class: 'name' }, g)
    name.textContent = clip(heading, 24)
    const detail = element('text', { x: NODE_W / 2, y: 35, 'text-anchor': 'middle', class: 'detail' }, g)
    detail.textContent = clip(node.detail, 28)
    if (node.badge) {
      const badge = element('text', { x: NODE_W / 2, y: NODE_H + 16, 'text-anchor': 'middle', class: 'badge' }, g)
      badge.textContent = clip(node.badge, 40)
    }
    drawn.set(node.branch, g)
  }
  return { svg, drawn, placed, summary }
}
