import type { GraphDocument, GraphElement } from './graph.ts'

/** An element that writes itself as markup: how the report draws the page's graph in Node, where there is no DOM. */
export class MarkupElement implements GraphElement {
  readonly #attributes: [string, string][] = []
  readonly #children: MarkupElement[] = []
  textContent: string | null = null

  constructor(readonly name: string) {}

  setAttribute(name: string, value: string): void {
    this.#attributes.push([name, value])
  }

  append(child: MarkupElement): void {
    this.#children.push(child)
  }

  toString(): string {
    const attributes = this.#attributes.map(([name, value]) => ` ${name}="${escapeMarkup(value)}"`).join('')
    const inner = this.textContent !== null ? escapeMarkup(this.textContent) : this.#children.join('')
    return `<${this.name}${attributes}>${inner}</${this.name}>`
  }
}

/** Text made safe inside an element or a quoted attribute. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

export const markupDocument: GraphDocument<MarkupElement> = {
  create: (name) => new MarkupElement(name),
  append: (parent, child) => parent.append(child),
}
