export { createTriggerApp, ROUTE_HEADER, type RuntimeConfig, type TriggerAppOptions } from './app.ts'
export { parseTokens, tokenMatches } from './auth.ts'
export {
  type CallerLookup,
  type CallerSchema,
  type CallerStore,
  callerEntries,
  DEFAULT_LOOKUP_TIMEOUT_MS,
  type LookupFailure,
  lookupCaller,
  memoryStore,
} from './callers.ts'
export {
  type CallOptions,
  createVoitexClient,
  emulatorUrls,
  type NotifyAccepted,
  type RecordingCreated,
  type SmsSent,
  VOITEX_URLS,
  type VoitexClient,
  type VoitexClientOptions,
  type VoitexError,
  type VoitexErrorCode,
  type VoitexResult,
  type VoitexUrls,
} from './client/client.ts'
export {
  type ContactField,
  type CreateContactInput,
  type CreateTtsInput,
  MAX_SMS_CHARS,
  type NotificationCallInput,
  type NotifyInput,
  type RecipientMode,
  type SendSmsInput,
  type UpdateContactInput,
  type UploadRecordingInput,
} from './client/inputs.ts'
export type { ContactSelection, NotifyResponse } from './client/responses.ts'
export {
  type DigitString,
  digits,
  type KeyRef,
  type NumberRef,
  Reply,
  reply,
  type VariableValues,
} from './decision/builder.ts'
export { type BranchIssue, lintDecision } from './decision/lint.ts'
export {
  checkDecision,
  type Decision,
  type DecisionIssue,
  DecisionSchema,
  decisionJson,
  type PlayItem,
} from './decision/schema.ts'
export { type Rejection, type RejectionCode, type Result, reject, rejectionBody } from './errors.ts'
export {
  type Clock,
  DEFAULT_DEADLINE_MS,
  defineFlow,
  type Flow,
  type FlowAnswer,
  type FlowDeps,
  type FlowOptions,
  systemClock,
} from './flow.ts'
export {
  cardSecrets,
  jsonLogger,
  type Logger,
  type LogLevel,
  type LogRecord,
  memoryLogger,
  redact,
  redactText,
  scrubbing,
  silentLogger,
} from './log.ts'
export { type Phone, parsePhone, phoneKey } from './phone.ts'
export { type BodyLimits, DEFAULT_BODY_LIMITS, formToObject, readBody } from './request/body.ts'
export { type Call, type CallContext, type Payments, toCall } from './request/call.ts'
export {
  type BranchStep,
  type Contact,
  type Payment,
  parseTriggerRequest,
  type TriggerRequest,
  TriggerRequestSchema,
} from './request/schema.ts'
export {
  type Card,
  type DialOptions,
  dial,
  type EndKind,
  SimulatedCall,
  TEST_CARD,
  type TranscriptEntry,
} from './simulator/call.ts'
export { edgesOf, type FlowsByTrigger, lintMap, type MapIssue, toMermaid } from './simulator/lint.ts'
export {
  type Branch,
  BranchSchema,
  type IvrMap,
  type IvrMapInput,
  IvrMapSchema,
  parseIvrMap,
  targetsOf,
} from './simulator/map.ts'
export {
  formatTranscript,
  runScenario,
  type Scenario,
  type ScenarioResult,
  ScenarioSchema,
  type ScenarioStep,
} from './simulator/scenario.ts'
export { appTarget, type SimulatorTarget, type TargetAnswer, urlTarget } from './simulator/target.ts'
export {
  type BusinessHours,
  convertLocalTime,
  DEFAULT_TIME_ZONE,
  instantOf,
  isOpenAt,
  type LocalTime,
  localTimeAt,
  parseLocalTime,
  type Weekday,
  type WeeklyHours,
} from './time.ts'
export { type Answer, answerTrigger, type FallbackReason, type Outcome, type TriggerRuntime } from './trigger.ts'
