/** `voitex-trigger`: the engine. Flows, decisions, the trigger app, caller stores, logging and time helpers. */
export {
  createTriggerApp,
  type DeclaredTriggerAppOptions,
  type RuntimeConfig,
  type Settings,
  type SettingsOf,
  type SettingsSchema,
  type TriggerApp,
  type TriggerAppOptions,
  type TriggerHandler,
} from './app.ts'
export { parseTokens, type TokenConfig, type Tokens, tokenMatches } from './auth.ts'
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
  type Capture,
  type CapturedExchange,
  type CapturedLookup,
  type CaptureLine,
  captureSetting,
  readCaptureLine,
  recordedLookups,
  wireBody,
} from './capture.ts'
export { maskCardNumbers, redactText } from './card-data.ts'
export { type Clock, systemClock } from './clock.ts'
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
  DEFAULT_DEADLINE_MS,
  defineFlow,
  type Flow,
  type FlowAnswer,
  type FlowDeps,
  type FlowOptions,
} from './flow.ts'
export {
  CAPTURE_EVENT,
  jsonLogger,
  type Logger,
  type LogLevel,
  type LogRecord,
  logLine,
  MAX_LOG_FIELD_CHARS,
  MAX_LOG_LINE_CHARS,
  memoryLogger,
  safeRecord,
  scrubbing,
  silentLogger,
} from './log.ts'
export {
  type ClaimBound,
  ClaimForgotten,
  type ClaimStore,
  ClaimTimeout,
  DEFAULT_CLAIM_CONNECT_TIMEOUT_MS,
  DEFAULT_CLAIM_TIMEOUT_MS,
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_ONCE_WHEN_DOWN,
  loadingClaims,
  memoryClaims,
  ONCE_WHEN_DOWN,
  type OnceOptions,
  type OnceWhenDown,
} from './once.ts'
export { type Phone, parsePhone, phoneKey } from './phone.ts'
export { cardSecrets, DEFAULT_SECRET_NAMES, redact } from './redact.ts'
export { type BodyLimits, DEFAULT_BODY_LIMITS, decodeBody, readBody } from './request/body.ts'
export { type Call, type CallContext, type Payments, toCall } from './request/call.ts'
export { formToObject } from './request/form.ts'
export { type IncomingRequest, incomingFromRequest, type OutgoingResponse } from './request/incoming.ts'
export {
  type BranchStep,
  type Contact,
  type Payment,
  parseTriggerRequest,
  type TriggerRequest,
  TriggerRequestSchema,
} from './request/schema.ts'
export { FALLBACK_HEADER, ROUTE_HEADER, VERSION_HEADER } from './route.ts'
export { type EngineOptions, type EngineSettings, engineSettings } from './settings.ts'
export {
  type BusinessHours,
  checkTimeZone,
  convertLocalTime,
  DEFAULT_TIME_ZONE,
  hoursBetween,
  instantOf,
  isOpenAt,
  isWithinNextHours,
  type LocalTime,
  type LocalTimeLike,
  localTimeAt,
  parseLocalTime,
  type Weekday,
  type WeeklyHours,
} from './time.ts'
export {
  type Answer,
  type AnswerOptions,
  answerTrigger,
  type FallbackReason,
  type Outcome,
  type TriggerRuntime,
} from './trigger.ts'
export type { ExecutionContextLike } from './trigger-http.ts'
export {
  BASE_VERSION,
  type FlowVersion,
  fnv1a32,
  type TestCallers,
  type TriggerVersions,
  VersionsError,
  versionBucket,
} from './versions.ts'
