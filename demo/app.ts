import { createTriggerApp, type RuntimeConfig } from '../src/index.ts'
import { demoFlow } from './flow.ts'

/** The demo application: the flow plus whatever each platform's entry wires in (store, logger, tokens). */
export function demoApp<Env extends object = object>(runtime: (env: Env) => RuntimeConfig) {
  return createTriggerApp<Env>({ flows: { default: demoFlow }, runtime })
}
