import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import puppeteer, { type Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cloudWatchText, expectedCounts, generateTraffic } from '../../fixtures/report-logs.ts'
import { runCli } from '../helpers/cli.ts'

// The report page opened from disk in a real headless Chromium (Debian's package), as a user opens a mailed report.
// Each step has a generous bound, and nothing here is timed.
const STEP_MS = 120_000
const dir = mkdtempSync(join(tmpdir(), 'voitex-report-page-'))
const page = join(dir, 'report.html')
let browser: Browser
let expected: ReturnType<typeof expectedCounts>

beforeAll(async () => {
  const exchanges = await generateTraffic(300, { capture: true })
  expected = expectedCounts(exchanges)
  const logs = join(dir, 'cloudwatch.log')
  writeFileSync(logs, cloudWatchText(exchanges))
  const result = await runCli(['report', logs, '--html', page, '--map', 'demo/ivr-map.yaml', '--app', 'demo/app.ts'])
  if (result.code !== 0) throw new Error(`report failed: ${result.stderr}`)
  browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    timeout: STEP_MS,
    protocolTimeout: STEP_MS,
  })
}, STEP_MS * 2)

afterAll(async () => {
  await browser?.close()
})

describe('the report page (voitex-trigger report --html) in headless Chromium', { timeout: STEP_MS * 2 }, () => {
  it('shows the IVR map with the requests of each Trigger, the versions side by side, and fetches nothing', async () => {
    const tab = await browser.newPage()
    const requested: string[] = []
    tab.on('request', (request) => requested.push(request.url()))
    await tab.setViewport({ width: 1280, height: 1400 })
    await tab.goto(pathToFileURL(page).href)

    const lookup = expected.lookup
    // The Trigger at branch 100 (trigger "lookup"), drawn by the dev page's graph code, with its count under it.
    const node = await tab.$$eval('svg.graph .node.type-trigger', (nodes) =>
      nodes.map((node) => ({
        title: node.querySelector('title')?.textContent,
        badge: node.querySelector('.badge')?.textContent,
      })),
    )
    expect(node).toEqual([
      {
        title: '100 · Account lookup (trigger /trigger/lookup)',
        badge: `${lookup?.requests} requests · ${lookup?.outcomes.fallback} fell back`,
      },
    ])
    const box = await tab.$eval('svg.graph', (svg) => svg.getBoundingClientRect().width)
    expect(box).toBeGreaterThan(300)

    const headings = await tab.$$eval('section.trigger thead th', (cells) => cells.map((cell) => cell.textContent))
    expect(headings).toEqual(expect.arrayContaining(['all versions', 'version stable', 'version next']))
    const fallbacks = await tab.$eval('[aria-labelledby="fallbacks-heading"] tbody', (body) => body.textContent ?? '')
    expect(fallbacks).toContain('flow_error')
    expect(fallbacks).toMatch(/AST10-\d+\.\d+/)

    expect(requested).toEqual([pathToFileURL(page).href])
    const shot = join(dir, 'report.png')
    await tab.screenshot({ path: shot, fullPage: true })
    if (process.env.REPORT_SCREENSHOT) {
      mkdirSync(dirname(process.env.REPORT_SCREENSHOT), { recursive: true })
      copyFileSync(shot, process.env.REPORT_SCREENSHOT)
    }
  })
})
