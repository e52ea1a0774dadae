import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The repository's prose: README.md, CONTRIBUTING.md and every page under docs/. */
export function docFiles(root = '.'): string[] {
  const pages = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`)
  return ['README.md', 'CONTRIBUTING.md', ...pages]
}

export interface CodeBlock {
  /** The fence's line (1-based): the block's first line of code is the next one. */
  readonly line: number
  readonly info: string
  readonly code: string
}

/** Fenced code blocks, with the fence's info string (`ts`, `ts nocheck`, `sh`, …). */
function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  const lines = markdown.split('\n')
  let open: { line: number; info: string; body: string[] } | undefined
  lines.forEach((text, index) => {
    if (open === undefined) {
      const fence = /^```(.*)$/.exec(text)
      if (fence) open = { line: index + 1, info: (fence[1] ?? '').trim(), body: [] }
    } else if (text.startsWith('```')) {
      blocks.push({ line: open.line, info: open.info, code: `${open.body.join('\n')}\n` })
      open = undefined
    } else open.body.push(text)
  })
  return blocks
}

/** TypeScript blocks to compile: ```ts or ```typescript, unless marked `nocheck` (a fragment on purpose). */
export function typeScriptBlocks(markdown: string): CodeBlock[] {
  return codeBlocks(markdown).filter(({ info }) => {
    const [language, ...flags] = info.split(/\s+/)
    return (language === 'ts' || language === 'typescript') && !flags.includes('nocheck')
  })
}

/** The text outside fenced blocks and inline code, where links are links. */
function prose(markdown: string): string[] {
  let inBlock = false
  return markdown.split('\n').map((text) => {
    if (text.startsWith('```')) {
      inBlock = !inBlock
      return ''
    }
    return inBlock ? '' : text.replace(/`[^`]*`/g, '')
  })
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2, … */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let inBlock = false
  for (const text of markdown.split('\n')) {
    if (text.startsWith('```')) inBlock = !inBlock
    const heading = inBlock ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)
    if (!heading) continue
    const slug = (heading[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

export interface BrokenLink {
  readonly file: string
  readonly line: number
  readonly target: string
  readonly why: string
}

/** Relative links (and images) whose file does not exist, or whose `#anchor` names no heading there. */
export function brokenLinks(file: string, root = '.'): BrokenLink[] {
  const broken: BrokenLink[] = []
  prose(readFileSync(join(root, file), 'utf8')).forEach((text, index) => {
    for (const [, target = ''] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // http:, https:, mailto:
      const [path = '', anchor] = target.split('#', 2)
      const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path))
      const where = { file, line: index + 1, target }
      if (!existsSync(join(root, resolved))) broken.push({ ...where, why: `${resolved} does not exist` })
      else if (anchor !== undefined && resolved.endsWith('.md')) {
        const anchors = headingAnchors(readFileSync(join(root, resolved), 'utf8'))
        if (!anchors.has(anchor)) broken.push({ ...where, why: `${resolved} has no heading #${anchor}` })
      }
    }
  })
  return broken
}
