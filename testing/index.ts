/**
 * `voitex-trigger/testing`: try a flow offline. The call simulator (`dial`, targets), scenarios, IVR maps from YAML
 * or JSON, `lintMap`, `toMermaid`, and `testRuntime()` for unit tests of `answerTrigger`.
 */
export {
  appTarget,
  CallRecording,
  type Card,
  type DialOptions,
  dial,
  type EndKind,
  formatTranscript,
  type IvrMap,
  type IvrMapInput,
  lintMap,
  type MapIssue,
  type PostOptions,
  parseIvrMap,
  runScenario,
  type Scenario,
  type ScenarioResult,
  type ScenarioStep,
  SimulatedCall,
  type SimulatorTarget,
  scenarioYaml,
  type TargetAnswer,
  TEST_CARD,
  type TranscriptEntry,
  toMermaid,
  urlTarget,
} from '../src/simulator/index.ts'
export { loadIvrMap, loadScenario, readData, scenarioFiles } from './files.ts'
export { SAMPLE_INSTANT, type TestRuntime, type TestRuntimeOptions, testRuntime } from './runtime.ts'
