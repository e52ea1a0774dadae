/** The offline call simulator: IVR map, platform rules, scenarios, lint and graph. Web-standard only. */
export { type DialOptions, dial, SimulatedCall } from './call.ts'
export {
  type FlowsByTrigger,
  graphOf,
  lintMap,
  type MapEdge,
  type MapIssue,
  type MapNode,
  toMermaid,
} from './lint.ts'
export {
  type IvrMap,
  type IvrMapInput,
  IvrMapSchema,
  parseIvrMap,
} from './map.ts'
export { CallRecording } from './record.ts'
export {
  formatTranscript,
  runScenario,
  type Scenario,
  type ScenarioResult,
  ScenarioSchema,
  type ScenarioStep,
  scenarioYaml,
} from './scenario.ts'
export { appTarget, type PostOptions, type SimulatorTarget, type TargetAnswer, urlTarget } from './target.ts'
export { type Card, type EndKind, TEST_CARD, type TranscriptEntry } from './transcript.ts'
