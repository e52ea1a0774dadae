/**
 * What the adapters, the CLI, the emulator, `testing/` and the benchmarks share with the core, beyond the public
 * `./index.ts`. Not a package subpath: users never import it, and it may change in any release. One barrel rather
 * than deep imports, so the contract between the core and its tools is one list, and moving code between `src/`
 * files changes this file only.
 */
export { parseTokens, presentedToken, type Tokens, tokenMatches } from './auth.ts'
export { callerEntries, DEFAULT_LOOKUP_TIMEOUT_MS, lookupCaller, lookupFailureDetail } from './callers.ts'
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
export { systemClock } from './clock.ts'
export { type BranchIssue, lintDecision } from './decision/lint.ts'
export { DecisionSchema, decisionJson } from './decision/schema.ts'
export { type Result, reject, rejectionBody } from './errors.ts'
export { expandUnions, issueMessage } from './issues.ts'
export { CAPTURE_EVENT, logLine, MAX_LOG_FIELD_CHARS, MAX_LOG_LINE_CHARS, safeRecord, scrubbing } from './log.ts'
export {
  ClaimForgotten,
  ClaimTimeout,
  DEFAULT_CLAIM_CONNECT_TIMEOUT_MS,
  DEFAULT_CLAIM_TIMEOUT_MS,
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_ONCE_WHEN_DOWN,
  loadingClaims,
  ONCE_WHEN_DOWN,
} from './once.ts'
export { tenDigits } from './phone.ts'
export { cardSecrets, redact } from './redact.ts'
export { DEFAULT_BODY_LIMITS, decodeBody, decodeBodyNow, readBody } from './request/body.ts'
export { toCall } from './request/call.ts'
export { formToObject } from './request/form.ts'
export { incomingFromRequest, pathOf } from './request/incoming.ts'
export { parseTriggerRequest, TriggerRequestSchema } from './request/schema.ts'
export { FALLBACK_HEADER, ROUTE_HEADER, VERSION_HEADER } from './route.ts'
export { readEngineSettings, TEXT_ENGINE_SETTINGS } from './settings.ts'
export {
  type FlowsByTrigger,
  graphOf,
  IvrMapSchema,
  type MapEdge,
  type MapNode,
  ScenarioSchema,
} from './simulator/index.ts'
export { TRIGGER_NAME } from './simulator/map.ts'
export { BASE_VERSION, fnv1a32, versionBucket } from './versions.ts'
