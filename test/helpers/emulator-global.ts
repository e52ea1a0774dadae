import type { TestProject } from 'vitest/node'
import { createEmulator } from '../../emulator/index.ts'
import { testServer } from './matrix.ts'

/**
 * A vitest global setup: the Voitex emulator on a loopback port, in Node, for tests that run inside workerd (they
 * reach it over HTTP, as a deployed Worker reaches Voitex). Its URL is provided as `emulatorUrl`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await testServer(createEmulator().app)
  project.provide('emulatorUrl', server.url)
  return server.close
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorUrl: string
  }
}
