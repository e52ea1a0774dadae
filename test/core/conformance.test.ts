import { describe, expect, it } from 'vitest'
import { app as demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { memoryStore, silentLogger } from '../../src/index.ts'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { brokenStores } from '../helpers/runtime.ts'

const app = demoApp.handler({ store: memoryStore(callers), logger: silentLogger })
const appWithStoreDown = demoApp.handler({ store: brokenStores.throwing, logger: silentLogger })

describe('conformance: the core in-process', () => {
  it.each(CASES)('answers $name', async (testCase) => {
    const response = await (testCase.storeDown ? appWithStoreDown : app).fetch(caseRequest(testCase))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})
