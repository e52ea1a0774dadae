/**
 * `voitex-trigger`: what a flow author writes with. Flows, decisions, the trigger app, caller stores, logging, time and
 * phone helpers. What the adapters, the CLI and the tools share besides lives in `./_internal.ts`, not here.
 */
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
export type { TokenConfig } from './auth.ts'
export { type CallerLookup, type CallerSchema, type CallerStore, type LookupFailure, memoryStore } from './callers.ts'
export type { Clock } from './clock.ts'
export {
  type DigitString,
  digits,
  type KeyRef,
  type NumberRef,
  Reply,
  reply,
  type VariableValues,
} from './decision/builder.ts'
export { checkDecision, type Decision, type DecisionIssue, type PlayItem } from './decision/schema.ts'
export type { Rejection, RejectionCode } from './errors.ts'
export {
  DEFAULT_DEADLINE_MS,
  defineFlow,
  type Flow,
  type FlowAnswer,
  type FlowDeps,
  type FlowOptions,
} from './flow.ts'
export { jsonLogger, type Logger, type LogLevel, type LogRecord, memoryLogger, silentLogger } from './log.ts'
export { type ClaimBound, type ClaimStore, memoryClaims, type OnceOptions, type OnceWhenDown } from './once.ts'
export { type Phone, parsePhone, phoneKey } from './phone.ts'
export { DEFAULT_SECRET_NAMES } from './redact.ts'
export type { BodyLimits } from './request/body.ts'
export type { Call, CallContext, Payments } from './request/call.ts'
export type { IncomingRequest, OutgoingResponse } from './request/incoming.ts'
export type { BranchStep, Contact, Payment, TriggerRequest } from './request/schema.ts'
export type { EngineSettings, SettingProblem } from './settings.ts'
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
  type Runtime,
} from './trigger.ts'
export type { ExecutionContextLike } from './trigger-http.ts'
export { type FlowVersion, type TestCallers, type TriggerVersions, VersionsError } from './versions.ts'
