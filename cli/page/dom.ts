/** The dev page's elements, found once, and the small DOM helpers every part of the page uses. */

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id)
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`)
  return found
}

/** Every element of index.html the script works with. */
export function pageElements() {
  return {
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
}

export type PageElements = ReturnType<typeof pageElements>

export function element(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag)
  node.textContent = text
  if (className) node.className = className
  return node
}

/** Controls stay focusable when they cannot act (aria-disabled), so keyboard focus is never dropped. */
export function enable(button: HTMLButtonElement, on: boolean): void {
  button.setAttribute('aria-disabled', String(!on))
}

export const enabled = (button: HTMLButtonElement) => button.getAttribute('aria-disabled') !== 'true'

/** One button per key in `fieldset`, pressing `press`; by key. They start unable to act, until a call waits for keys. */
export function keypadButtons(
  fieldset: HTMLFieldSetElement,
  keys: readonly string[],
  press: (key: string) => void,
): Map<string, HTMLButtonElement> {
  return new Map(
    keys.map((key) => {
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = key
      button.setAttribute('aria-keyshortcuts', key)
      button.setAttribute('aria-disabled', 'true')
      button.addEventListener('click', () => press(key))
      fieldset.append(button)
      return [key, button] as const
    }),
  )
}
