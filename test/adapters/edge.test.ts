import { EdgeVM } from '@edge-runtime/vm'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { CASES } from '../conformance/cases.ts'

// The core and the demo flow, bundled as for an edge platform, evaluated in Vercel's Edge Runtime emulator:
// only Web-standard globals exist there (no process, no require, no Node built-ins).
type AnswerTrigger = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
  storeDown: boolean,
) => Promise<{ status: number; text: string }>

let answerTrigger: AnswerTrigger
let globalsSeen: unknown

beforeAll(async () => {
  const bundle = await build({
    entryPoints: ['test/fixtures/edge-entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    conditions: ['edge-light', 'worker'],
    logLevel: 'silent',
  })
  const vm = new EdgeVM()
  vm.evaluate(bundle.outputFiles[0]?.text ?? '')
  answerTrigger = vm.context.answerTrigger as AnswerTrigger
  globalsSeen = vm.context.globalsSeen
})

describe('conformance: the core in the Edge Runtime', () => {
  it.each(CASES)('answers $name', async (testCase) => {
    const { status, text } = await answerTrigger(
      'http://local/trigger',
      { method: 'POST', headers: { 'content-type': testCase.contentType ?? 'application/json' }, body: testCase.body },
      testCase.storeDown ?? false,
    )
    expect(status).toBe(testCase.status)
    expect(JSON.parse(text)).toEqual(testCase.answer)
  })

  it('runs our bundle where Node globals do not exist, only Web-standard ones (as the bundle itself sees them)', () => {
    expect(globalsSeen).toEqual({
      require: 'undefined',
      Buffer: 'undefined',
      process: 'undefined',
      setImmediate: 'undefined',
      fetch: 'function',
      subtle: 'object',
    })
  })
})
