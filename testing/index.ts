/**
 * `voitex-trigger/testing`: try a flow offline. The call simulator (`dial`, targets), scenarios, IVR maps from YAML
 * or JSON, `lintMap`, `toMermaid`, and `testRuntime()` for unit tests of `answerTrigger`.
 */
export * from '../src/simulator/index.ts'
export { loadIvrMap, loadScenario, readData, scenarioFiles } from './files.ts'
export { SAMPLE_INSTANT, type TestRuntime, type TestRuntimeOptions, testRuntime } from './runtime.ts'
