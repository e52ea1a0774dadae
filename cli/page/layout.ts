import type { MapEdge, MapNode } from '../../src/simulator/index.ts'

/** Where each branch of the IVR map stands when drawn: layers by distance from the root. */

/** A branch's box, and the gaps between boxes (px). */
export const NODE_W = 172
export const NODE_H = 46
export const GAP_X = 44
const GAP_Y = 104
const PAD = 34

/** A branch to draw: a map node, with an optional line under it (the report's counts). */
export interface GraphNode extends MapNode {
  readonly badge?: string | undefined
}

export interface Placed extends GraphNode {
  readonly x: number
  readonly y: number
  readonly layer: number
}

/** Each branch's place: its layer is its distance from the root; branches nothing reaches form a last layer. */
export function layout(
  nodes: readonly GraphNode[],
  edges: readonly MapEdge[],
  root: string,
): { placed: Map<string, Placed>; width: number; height: number } {
  const known = new Set(nodes.map((node) => node.branch))
  const layerOf = new Map<string, number>([[root, 0]])
  const order = [root]
  for (let index = 0; index < order.length; index++) {
    const from = order[index] ?? root
    for (const edge of edges)
      if (edge.from === from && known.has(edge.to) && !layerOf.has(edge.to)) {
        layerOf.set(edge.to, (layerOf.get(from) ?? 0) + 1)
        order.push(edge.to)
      }
  }
  const unreached = nodes.filter((node) => !layerOf.has(node.branch))
  const last = Math.max(0, ...layerOf.values()) + 1
  for (const node of unreached) {
    layerOf.set(node.branch, last)
    order.push(node.branch)
  }
  const layers: string[][] = []
  for (const branch of order) {
    const layer = layerOf.get(branch) ?? last
    layers[layer] ??= []
    layers[layer].push(branch)
  }
  const widest = Math.max(1, ...layers.map((layer) => layer?.length ?? 0))
  const width = widest * (NODE_W + GAP_X) - GAP_X + 2 * PAD
  const byBranch = new Map(nodes.map((node) => [node.branch, node]))
  const placed = new Map<string, Placed>()
  layers.forEach((layer, depth) => {
    if (!layer) return
    const start = (width - (layer.length * (NODE_W + GAP_X) - GAP_X)) / 2
    layer.forEach((branch, index) => {
      const node = byBranch.get(branch)
      if (node)
        placed.set(branch, {
          ...node,
          layer: depth,
          x: start + index * (NODE_W + GAP_X),
          y: PAD + depth * (NODE_H + GAP_Y),
        })
    })
  })
  const height = PAD * 2 + layers.length * (NODE_H + GAP_Y) - GAP_Y
  return { placed, width, height }
}
