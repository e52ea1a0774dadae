import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_CARD } from 'voitex-trigger/testing'
import { runCli } from '../helpers/cli.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'

// The dev page in a real headless Chromium (Debian's package; .ci/run installs it) against `npm start`, which is
// `voitex-trigger dev` on the demo. Each step has a generous bound, and nothing here is timed.
const STEP_MS = 120_000
const CHROMIUM = '/usr/bin/chromium'
const AT = '2023-07-20 11:35:35' // a Thursday morning: the demo's office is open
const dir = mkdtempSync(join(tmpdir(), 'voitex-keypad-'))
const downloads = join(dir, 'downloads')
mkdirSync(downloads)

let server: Spawned
let base = ''
let browser: Browser

beforeAll(async () => {
  const port = await freePort()
  server = await spawnUntil('npm', ['start'], /Page: http/, {
    env: { ...process.env, PORT: String(port) },
    timeoutMs: STEP_MS,
  })
  base = `http://127.0.0.1:${port}`
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // An attacker's own name that resolves to this machine: what DNS rebinding achieves.
      '--host-resolver-rules=MAP evil.example 127.0.0.1',
    ],
    downloadBehavior: { policy: 'allow', downloadPath: downloads },
    timeout: STEP_MS,
    protocolTimeout: STEP_MS,
  })
}, STEP_MS * 2)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  console.log(`screenshots and downloads: ${dir}`)
})

/** A fresh page on the dev server, at a width; every URL it asks for is kept (to show nothing leaves the server). */
async function open(width: number, height = 900): Promise<{ page: Page; requested: string[] }> {
  const page = await browser.newPage()
  page.setDefaultTimeout(STEP_MS)
  const requested: string[] = []
  page.on('request', (request) => requested.push(request.url()))
  await page.setViewport({ width, height })
  await page.goto(`${base}/`)
  await page.waitForFunction(() => document.querySelector('#project')?.textContent?.startsWith('Flows:'))
  return { page, requested }
}

const textOf = (page: Page, selector: string) => page.$eval(selector, (element) => element.textContent ?? '')

function until(page: Page, selector: string, text: string) {
  return page.waitForFunction(
    (where: string, what: string) => document.querySelector(where)?.textContent?.includes(what),
    {},
    selector,
    text,
  )
}

const LOG = '[role="log"]'
const STATUS = '[role="status"]'

async function dial(page: Page, number: string): Promise<void> {
  await page.locator('aria/Caller number').fill(number)
  await page.locator('aria/Time of call').fill(AT)
  await page.locator('aria/Call[role="button"]').click()
  await until(page, LOG, 'Thank you for calling Voitex.')
}

const press = (page: Page, key: string) => page.locator(`aria/${key}[role="button"]`).click()

async function liveKeys(page: Page): Promise<string[]> {
  return page.$$eval('#keypad button.live', (buttons) => buttons.map((button) => button.textContent ?? ''))
}

async function currentBranch(page: Page): Promise<string> {
  return page.$eval('svg .node.current title', (title) => title.textContent ?? '')
}

async function downloaded(): Promise<string> {
  for (const deadline = Date.now() + STEP_MS; Date.now() < deadline; await sleep(100)) {
    const file = readdirSync(downloads, { withFileTypes: true }).find((entry) => entry.name.endsWith('.yaml'))
    if (file) return join(downloads, file.name)
  }
  throw new Error(`no scenario file appeared in ${downloads}`)
}

describe('the dev page (npm start, at /) in headless Chromium', { timeout: STEP_MS * 3 }, () => {
  it('calls the order caller: hears the order, presses 1, ends in the support queue; the scenario it downloads runs green', async () => {
    const { page, requested } = await open(1280, 1200)
    await dial(page, '8459511000')
    expect(await textOf(page, STATUS)).toContain('At 0 · Main menu')
    expect(await liveKeys(page)).toEqual(['1', '2'])

    await press(page, '1')
    await until(page, LOG, 'Hi John, your order #1234 is out for delivery.')
    expect(await textOf(page, STATUS)).toContain('At 100 · Account lookup')
    expect(await liveKeys(page)).toEqual(['1', '2'])
    expect(await currentBranch(page)).toContain('100 · Account lookup')
    const hops = await textOf(page, '#hops')
    expect(hops).toContain('POST /trigger/lookup → 200')
    expect(hops).toContain('route order')
    expect(hops).toContain('"cid": "8459511000"')
    expect(await textOf(page, '#branch-data')).toContain('"branch": "0"')
    const shot = join(dir, 'keypad.png')
    await page.screenshot({ path: shot })
    if (process.env.KEYPAD_SCREENSHOT) {
      mkdirSync(dirname(process.env.KEYPAD_SCREENSHOT), { recursive: true })
      copyFileSync(shot, process.env.KEYPAD_SCREENSHOT)
    }

    await press(page, '1')
    await until(page, STATUS, 'Call ended: queue, at 300 · Support')
    expect(await textOf(page, LOG)).toContain('Call ended: queue, at 300 · Support')
    expect(await currentBranch(page)).toContain('300 · Support')
    expect(await liveKeys(page)).toEqual([])

    await page.locator('aria/Download scenario[role="button"]').click()
    const file = await downloaded()
    expect(readFileSync(file, 'utf8')).toContain('Hi John, your order #1234 is out for delivery.')
    const replay = await runCli(['scenarios', file])
    expect(replay.stdout).toContain('1 passed, 0 failed')
    expect(replay.code).toBe(0)

    // Offline: the page asked this server for everything (no CDN), and the Trigger hops went to its /trigger.
    expect(requested.filter((url) => !url.startsWith(`${base}/`))).toEqual([])
    expect(requested).toContain(`${base}/trigger/lookup`)
  })

  it('calls the version picked: next bills an unpaid invoice after hours, and each hop names its version', async () => {
    const { page } = await open(1280)
    await page.select('#version', 'next')
    await page.locator('aria/Caller number').fill('6465557729')
    await page.locator('aria/Time of call').fill('2023-07-20 20:00:00')
    await page.locator('aria/Call[role="button"]').click()
    await until(page, LOG, 'Thank you for calling Voitex.')
    await press(page, '1')
    await until(page, LOG, 'Hi Moshe, you have an unpaid invoice of $125.50.')
    expect(await textOf(page, '#hops')).toContain('version next')

    await page.locator('aria/Hang up[role="button"]').click()
    await page.select('#version', '')
    await page.locator('aria/Call[role="button"]').click()
    await until(page, LOG, 'Thank you for calling Voitex.')
    await press(page, '1')
    // Left to the server, the call gets stable (next has no share): voicemail after hours.
    await until(page, LOG, 'Our office is closed.')
    expect(await textOf(page, '#hops')).toContain('version stable')
  })

  it('at phone width, with the keyboard only: a clear error first, then an unknown caller reaches the main menu', async () => {
    const { page } = await open(390, 844)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('number')
    await page.keyboard.press('Enter')
    await until(page, '[role="alert"]', 'Caller number: type the calling number in digits')

    await page.keyboard.type('2015550123')
    await page.keyboard.press('Tab')
    await page.keyboard.type(AT)
    await page.keyboard.press('Enter')
    await until(page, LOG, 'Thank you for calling Voitex.')
    expect(await textOf(page, STATUS)).toContain('At 0 · Main menu')
    // Digits typed into the fields dialled; they pressed no key.
    expect(await textOf(page, LOG)).not.toContain('You pressed')

    // Out of the fields, the keyboard's digits are the keypad's.
    await page.keyboard.press('Tab')
    await page.keyboard.press('1')
    await until(page, LOG, 'Welcome to Voitex.')
    expect(await textOf(page, LOG)).toContain('You pressed 1')
    expect(await textOf(page, STATUS)).toContain('At 0 · Main menu')
    expect(await textOf(page, '#hops')).toContain('route main-menu')

    const fits = await page.evaluate(() => {
      const hash = [...document.querySelectorAll('#keypad button')].at(-1)?.getBoundingClientRect()
      return (
        document.documentElement.scrollWidth <= window.innerWidth &&
        hash !== undefined &&
        hash.right <= window.innerWidth
      )
    })
    expect(fits).toBe(true)
    await page.screenshot({ path: join(dir, 'phone-width.png'), fullPage: true })
  })

  it('pays at billing with the test card, speaks what is heard when sound is on, and never shows card data', async () => {
    const { page } = await open(1280)
    await page.evaluate(() => {
      const spoken: string[] = []
      Object.assign(window, { spoken })
      speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => void spoken.push(utterance.text)
    })
    await page.locator('aria/Sound: speak what the caller hears').click()
    await dial(page, '6465557729')
    await press(page, '1')
    await until(page, LOG, 'Hi Moshe, you have an unpaid invoice of $125.50.')
    expect(await textOf(page, STATUS)).toContain('At 200 · Billing: waiting for a payment')

    await page.locator('aria/Pay[role="button"]').click()
    await until(page, LOG, 'Thank you. We received your payment of $125.50 on the card ending in 4242.')
    expect(await textOf(page, '#variables')).toContain('paid')

    const spoken = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken)
    expect(spoken).toContain('Thank you. We received your payment of $125.50 on the card ending in 4242.')
    const everything = await page.evaluate(() => document.body.textContent ?? '')
    expect(everything).toContain('"last_four": "4242"')
    for (const secret of [TEST_CARD.number, '"cvv"', '"expiration"', '"zip"']) expect(everything).not.toContain(secret)
  })
})

/** A page of another site (`http://evil.example:PORT/`) whose script runs `script` once loaded. */
async function attackerSite(script: string): Promise<{ url: string; close: () => Promise<void> }> {
  const html = `<!doctype html><title>loading</title><script>${script}</script>`
  const site: Server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html))
  await new Promise<void>((listening) => site.listen(0, '127.0.0.1', listening))
  const { port } = site.address() as AddressInfo
  return {
    url: `http://evil.example:${port}/`,
    close: () =>
      new Promise((closed) => {
        site.close(() => closed())
        // The browser keeps its connection alive: cut it, or close waits for its idle timeout.
        site.closeAllConnections()
      }),
  }
}

/** A forged Trigger a page of another site would send: a payment, so a receipt SMS would go out. */
const forged = (callId: string) =>
  JSON.stringify({
    call_id: callId,
    cid: '6465557729',
    branch_data: [{ branch: '200', input: '' }],
    payment_info: [{ amount: '1.00', last_four: '9999' }],
  })

/** GET a path of the dev server with a chosen Host header (fetch does not let a caller set it). */
function getWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base)
    httpRequest(url, { headers: { host } }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
      .once('error', reject)
      .end()
  })
}

describe('the dev server and pages of other sites', { timeout: STEP_MS * 3 }, () => {
  it('refuses a no-cors POST from a page of another site: the forged payment never reaches the flow', async () => {
    const target = `${base}/trigger/billing`
    const site = await attackerSite(
      `fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
        body: ${JSON.stringify(forged('forged-cross-site'))} }).finally(() => { document.title = 'sent' })`,
    )
    const page = await browser.newPage()
    page.setDefaultTimeout(STEP_MS)
    try {
      await page.goto(site.url)
      await page.waitForFunction(() => document.title === 'sent')
      // The page's own origin, same request: it reaches the flow and is logged, so the absence above means refusal.
      await page.goto(`${base}/`)
      await page.evaluate(
        (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body }),
        target,
        forged('same-origin-call'),
      )
      for (const deadline = Date.now() + STEP_MS; !server.output().includes('same-origin-call'); await sleep(50))
        if (Date.now() > deadline) throw new Error(`the same-origin request was never logged:\n${server.output()}`)
      expect(server.output()).not.toContain('forged-cross-site')
    } finally {
      await page.close()
      await site.close()
    }
  })

  it('refuses a page served under another name that resolves to this machine (DNS rebinding)', async () => {
    const page = await browser.newPage()
    page.setDefaultTimeout(STEP_MS)
    try {
      const response = await page.goto(`http://evil.example:${new URL(base).port}/`)
      expect(response?.status()).toBe(403)
      expect(await page.evaluate(() => document.body.textContent ?? '')).toContain('is not this local server')
    } finally {
      await page.close()
    }
  })

  it('answers its callers only to a loopback name or an IP address as Host', async () => {
    const { port } = new URL(base)
    expect(await getWithHost('/_dev/project', `evil.example:${port}`)).toBe(403)
    expect(await getWithHost('/_dev/project', `localhost:${port}`)).toBe(200)
    expect(await getWithHost('/_dev/project', `127.0.0.1:${port}`)).toBe(200)
  })
})

describe('the dev page when a Trigger token is set', { timeout: STEP_MS * 3 }, () => {
  it('says the known callers are kept to requests with the token, instead of showing none', async () => {
    const port = await freePort()
    const guarded = await spawnUntil('npm', ['start'], /Page: http/, {
      env: { ...process.env, PORT: String(port), TRIGGER_TOKEN: 'page-token' },
      timeoutMs: STEP_MS,
    })
    const page = await browser.newPage()
    page.setDefaultTimeout(STEP_MS)
    try {
      await page.goto(`http://127.0.0.1:${port}/`)
      await page.waitForFunction(() => document.querySelector('#project')?.textContent?.startsWith('Flows:'))
      const project = await textOf(page, '#project')
      expect(project).toContain('Known callers are listed only to a request with the Trigger token')
      expect(project).not.toContain('0 known callers')
    } finally {
      await page.close()
      await guarded.stop()
    }
  })
})
