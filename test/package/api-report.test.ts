import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiReport, REPORT_DIR } from '../../scripts/api-report.ts'

const HOW_TO_ACCEPT = `the public API changed: if that is intended, run \`npm run api-report\` and commit ${REPORT_DIR}/`

function committedReport(): Map<string, string> {
  const files = readdirSync(REPORT_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPORT_DIR, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort()
  return new Map(files.map((file) => [file, readFileSync(join(REPORT_DIR, file), 'utf8')]))
}

describe(`the public API report (${REPORT_DIR}/)`, () => {
  // One declaration build of every subpath (tsdown, as the package is built), compared file by file.
  it('is the .d.ts every subpath ships, types included, as committed', { timeout: 180_000 }, async () => {
    const current = await apiReport()
    const committed = committedReport()
    expect([...current.keys()], HOW_TO_ACCEPT).toEqual([...committed.keys()])
    for (const [file, text] of current) expect.soft(text, `${file}: ${HOW_TO_ACCEPT}`).toBe(committed.get(file))
  })
})
