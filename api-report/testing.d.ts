import { CallerStore, Decision, Flow, LogRecord, Runtime } from "./_shared/src-request-incoming.js";
import * as z from "zod/mini";

//#region src/simulator/map.d.ts
declare const BranchSchema: z.ZodMiniDiscriminatedUnion<[z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"content">;
  name: z.ZodMiniOptional<z.ZodMiniString<string>>;
  play: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniUnion<readonly [z.ZodMiniObject<{
    tts: z.ZodMiniString<string>;
  }, z.core.$strip>, z.ZodMiniObject<{
    album: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
    sort: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
  }, z.core.$strip>]>>>;
  inputs: z.ZodMiniDefault<z.ZodMiniRecord<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>, z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>>;
  next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
  clearData: z.ZodMiniDefault<z.ZodMiniBoolean<boolean>>;
}, z.core.$strip>, z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"trigger">;
  name: z.ZodMiniOptional<z.ZodMiniString<string>>;
  trigger: z.ZodMiniDefault<z.ZodMiniString<string>>;
  noRouteFound: z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>, z.ZodMiniLiteral<"hangup">]>>;
}, z.core.$strip>, z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"album">;
  name: z.ZodMiniOptional<z.ZodMiniString<string>>;
  albumVariable: z.ZodMiniString<string>;
  next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
}, z.core.$strip>, z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"payment">;
  name: z.ZodMiniOptional<z.ZodMiniString<string>>;
  amount: z.ZodMiniOptional<z.ZodMiniString<string>>;
  amountCentsVariable: z.ZodMiniOptional<z.ZodMiniString<string>>;
  next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
}, z.core.$strip>, z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"contact-data">;
  name: z.ZodMiniOptional<z.ZodMiniString<string>>;
  variables: z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>;
  next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
}, z.core.$strip>, z.ZodMiniObject<{
  type: z.ZodMiniLiteral<"terminal">;
  name: z.ZodMiniOptional<z.ZodMiniString<string>>;
  kind: z.ZodMiniEnum<{
    hangup: "hangup";
    transfer: "transfer";
    queue: "queue";
    voicemail: "voicemail";
  }>;
}, z.core.$strip>], "type">;
type Branch = z.output<typeof BranchSchema>;
declare const IvrMapSchema: z.ZodMiniObject<{
  did: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
  root: z.ZodMiniDefault<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
  branches: z.ZodMiniRecord<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>, z.ZodMiniDiscriminatedUnion<[z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"content">;
    name: z.ZodMiniOptional<z.ZodMiniString<string>>;
    play: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniUnion<readonly [z.ZodMiniObject<{
      tts: z.ZodMiniString<string>;
    }, z.core.$strip>, z.ZodMiniObject<{
      album: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
      sort: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
    }, z.core.$strip>]>>>;
    inputs: z.ZodMiniDefault<z.ZodMiniRecord<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>, z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>>;
    next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
    clearData: z.ZodMiniDefault<z.ZodMiniBoolean<boolean>>;
  }, z.core.$strip>, z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"trigger">;
    name: z.ZodMiniOptional<z.ZodMiniString<string>>;
    trigger: z.ZodMiniDefault<z.ZodMiniString<string>>;
    noRouteFound: z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>, z.ZodMiniLiteral<"hangup">]>>;
  }, z.core.$strip>, z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"album">;
    name: z.ZodMiniOptional<z.ZodMiniString<string>>;
    albumVariable: z.ZodMiniString<string>;
    next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
  }, z.core.$strip>, z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"payment">;
    name: z.ZodMiniOptional<z.ZodMiniString<string>>;
    amount: z.ZodMiniOptional<z.ZodMiniString<string>>;
    amountCentsVariable: z.ZodMiniOptional<z.ZodMiniString<string>>;
    next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
  }, z.core.$strip>, z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"contact-data">;
    name: z.ZodMiniOptional<z.ZodMiniString<string>>;
    variables: z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>;
    next: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
  }, z.core.$strip>, z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"terminal">;
    name: z.ZodMiniOptional<z.ZodMiniString<string>>;
    kind: z.ZodMiniEnum<{
      hangup: "hangup";
      transfer: "transfer";
      queue: "queue";
      voicemail: "voicemail";
    }>;
  }, z.core.$strip>], "type">>;
}, z.core.$strip>;
type IvrMap = z.output<typeof IvrMapSchema>;
type IvrMapInput = z.input<typeof IvrMapSchema>;
/** What is wrong with a map, field by field: where (a path into the map) and what is allowed there. */
interface MapProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}
/** Parse a map (already decoded from JSON or YAML); errors say which branch and field are wrong. */
declare function parseIvrMap(value: unknown): {
  ok: true;
  value: IvrMap;
} | {
  ok: false;
  error: string[];
  problems: MapProblem[];
};
//#endregion
//#region src/simulator/target.d.ts
interface TargetAnswer {
  readonly status: number;
  readonly text: string;
  /** The route the flow named, when the endpoint says (the `x-trigger-route` header). */
  readonly route?: string | undefined;
  /** Why the flow's fallback was sent, when the endpoint says (the `x-trigger-fallback` header). */
  readonly fallback?: string | undefined;
  /** The version of the flow that answered, when the endpoint says (the `x-trigger-version` header). */
  readonly version?: string | undefined;
}
/** How one request is sent. */
interface PostOptions {
  /**
   * Ask for this version of the flow (`x-trigger-version`): honoured in-process and by `voitex-trigger dev`; a deployed
   * endpoint picks a call's version by its call_id or test callers, and says which one answered.
   */
  readonly version?: string | undefined;
}
/** Where the simulator sends Trigger requests: a flow app in-process, or any URL over HTTP. */
interface SimulatorTarget {
  /** POST a Trigger request; the HTTP status and body text. Rejects when there is no answer at all. */
  post(trigger: string, body: Readonly<Record<string, unknown>>, options?: PostOptions): Promise<TargetAnswer>;
  readonly description: string;
}
/**
 * A trigger app (`createTriggerApp`) called in-process: fast, for unit tests. Bind it with `versionHeader: true` for
 * calls to run the version they ask for.
 */
declare function appTarget(app: {
  fetch(request: Request): Response | Promise<Response>;
}, options?: {
  readonly token?: string;
}): SimulatorTarget;
/**
 * A running endpoint over HTTP: the Node server, `wrangler dev`, `serverless offline` or a deployment.
 * `timeoutMs` (default 3000) stands in for how long the IVR waits: no answer in time is No Route Found.
 */
declare function urlTarget(base: string, options?: {
  readonly token?: string;
  readonly timeoutMs?: number;
}): SimulatorTarget;
//#endregion
//#region src/simulator/transcript.d.ts
/** What a simulated call records: each thing the caller heard and did, each Trigger hop, how it ended. */
type EndKind = 'transfer' | 'queue' | 'voicemail' | 'hangup' | 'caller-hung-up' | 'loop';
type TranscriptEntry = {
  readonly kind: 'enter';
  readonly branch: string;
  readonly type: Branch['type'];
  readonly name?: string | undefined;
} | {
  readonly kind: 'heard';
  readonly branch: string;
  readonly text: string;
} | {
  readonly kind: 'waiting';
  readonly branch: string;
  readonly for: 'keys' | 'payment';
  readonly keys: readonly string[];
} | {
  readonly kind: 'pressed';
  readonly branch: string;
  readonly keys: string;
} | {
  readonly kind: 'waited';
  readonly branch: string;
} | {
  readonly kind: 'paid';
  readonly branch: string;
  readonly amount: string;
  readonly lastFour: string;
} | {
  readonly kind: 'request';
  readonly branch: string;
  readonly trigger: string;
  readonly body: unknown;
} | {
  readonly kind: 'response';
  readonly branch: string;
  readonly status: number;
  readonly body: string;
  readonly route?: string | undefined; /** The version of the flow that answered, when the endpoint says. */
  readonly version?: string | undefined;
} | {
  readonly kind: 'no-route';
  readonly branch: string;
  readonly reason: string;
  readonly to: string;
} | {
  readonly kind: 'ended';
  readonly branch: string;
  readonly how: EndKind;
};
interface Card {
  readonly number: string;
  readonly expiration: string;
  readonly cvv: string;
  readonly zip: string;
  readonly phone: string;
}
/** A test card: its data goes into payment_info as the platform would send it, and never into a transcript. */
declare const TEST_CARD: Card;
//#endregion
//#region src/simulator/call.d.ts
/**
 * The platform's rules, in one place (team notes, ../shared/README.md, "How we read the platform"):
 *  1. A call enters at the hotline's root branch.
 *  2. Each branch passed is appended to branch_data as {branch, input} when the caller leaves it; a Content branch
 *     with "Clear Data" empties it.
 *  3. At a Trigger branch the request is POSTed to that Trigger's URL.
 *  4. The answer: variables merge (later wins); play items play in order; while they play, inputs are live: the key
 *     picks inputs[key], `%` matches any key; play ending with no key, or no play, goes to goto. No goto (and nothing
 *     else to do), or a key matching nothing, is the Trigger's No Route Found.
 *  6. An HTTP error, a non-JSON body, an invalid answer or no answer in time is No Route Found.
 * Where the notes are silent (marked "assumed" below), docs/testing.md ("What the simulator assumes") says what we chose.
 */
interface DialOptions {
  readonly map: IvrMap;
  readonly target: SimulatorTarget;
  /** The calling number (`cid`). */
  readonly from: string;
  readonly callerName?: string;
  /** `contact_info`: the caller's Voitex contact fields, or none. */
  readonly contact?: Readonly<Record<string, string>> | null;
  /** Wall-clock time of the first request (`YYYY-MM-DD HH:MM:SS`); each later request is 5 s later. Default: now. */
  readonly at?: string;
  readonly timeZone?: string;
  readonly callId?: string;
  /** Automatic moves (no caller action) before the call is ended as a loop. */
  readonly maxMoves?: number;
  /** The version of each Trigger's flow to ask for (`stable`, `next`…); default: the one the endpoint picks. */
  readonly version?: string | undefined;
}
/** A simulated phone call, driven from the map's root through Triggers, menus and payments. */
declare class SimulatedCall {
  #private;
  readonly transcript: TranscriptEntry[];
  readonly variables: Record<string, string>;
  branchData: {
    branch: string;
    input: string;
  }[];
  readonly payments: Record<string, string | number>[];
  constructor(options: DialOptions);
  /** The wall-clock time of the first request (`YYYY-MM-DD HH:MM:SS`): what a replay of this call dials `at`. */
  get startedAt(): string;
  /** The branch the call is at (waiting there), or where it ended. */
  get branch(): string;
  get ended(): EndKind | undefined;
  /** What the call waits for: keys (with the keys that are live) or a payment; undefined once ended. */
  get waitingFor(): {
    readonly for: 'keys' | 'payment';
    readonly keys: readonly string[];
  } | undefined;
  /** Everything the caller heard, in order: TTS text, and recordings as `[album 10, recording 25]`. */
  get heard(): string[];
  /** What the caller heard since the last key, wait or payment. */
  get lastHeard(): string[];
  /** Enter the root branch and run until the call waits for the caller or ends. */
  start(): Promise<this>;
  /** Press keys (one key, or several digits at once) while the call waits for keys. */
  press(keys: string | number): Promise<this>;
  /** Let the play end without pressing anything. */
  wait(): Promise<this>;
  /** Pay at a Payment branch (the card defaults to TEST_CARD). */
  pay(card?: Partial<Card>): Promise<this>;
  /** The caller hangs up. */
  hangUp(): this;
}
/** Start a simulated call: it runs from the root until it waits for the caller or ends. */
declare function dial(options: DialOptions): Promise<SimulatedCall>;
//#endregion
//#region src/simulator/lint.d.ts
interface MapIssue {
  readonly severity: 'error' | 'warning';
  readonly branch?: string;
  readonly message: string;
}
/** Flows by trigger name, as given to `createTriggerApp`: `default` serves names without a flow of their own. */
type FlowsByTrigger = Readonly<Record<string, Pick<Flow, 'name' | 'branches'>>>;
/**
 * Check a hotline's map against the flows behind its Triggers, before deploy: targets that do not exist, Triggers
 * without a flow or a No Route Found target, branches nothing can reach, and (optionally) answers seen in tests.
 */
declare function lintMap(map: IvrMap, flows: FlowsByTrigger, answers?: readonly Decision[]): MapIssue[];
/** The map and the flows' declared routes as a Mermaid flowchart: solid for the portal, dotted for a flow's choices. */
declare function toMermaid(map: IvrMap, flows: FlowsByTrigger): string;
//#endregion
//#region src/simulator/scenario.d.ts
declare const Step: z.ZodMiniUnion<readonly [z.ZodMiniObject<{
  press: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
}, z.core.$strict>, z.ZodMiniObject<{
  wait: z.ZodMiniLiteral<true>;
}, z.core.$strict>, z.ZodMiniObject<{
  pay: z.ZodMiniUnion<readonly [z.ZodMiniLiteral<true>, z.ZodMiniObject<{
    number: z.ZodMiniOptional<z.ZodMiniString<string>>;
  }, z.core.$strict>]>;
}, z.core.$strict>, z.ZodMiniObject<{
  hangup: z.ZodMiniLiteral<true>;
}, z.core.$strict>, z.ZodMiniObject<{
  expect: z.ZodMiniObject<{
    branch: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
    ended: z.ZodMiniOptional<z.ZodMiniString<string>>;
    heard: z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniArray<z.ZodMiniString<string>>]>>;
    notHeard: z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniArray<z.ZodMiniString<string>>]>>;
    variables: z.ZodMiniOptional<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>;
    waitingFor: z.ZodMiniOptional<z.ZodMiniEnum<{
      keys: "keys";
      payment: "payment";
    }>>;
  }, z.core.$strict>;
}, z.core.$strict>]>;
declare const ScenarioSchema: z.ZodMiniObject<{
  name: z.ZodMiniString<string>;
  from: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
  callerName: z.ZodMiniOptional<z.ZodMiniString<string>>;
  contact: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>>;
  at: z.ZodMiniOptional<z.ZodMiniString<string>>;
  version: z.ZodMiniOptional<z.ZodMiniString<string>>;
  steps: z.ZodMiniArray<z.ZodMiniUnion<readonly [z.ZodMiniObject<{
    press: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
  }, z.core.$strict>, z.ZodMiniObject<{
    wait: z.ZodMiniLiteral<true>;
  }, z.core.$strict>, z.ZodMiniObject<{
    pay: z.ZodMiniUnion<readonly [z.ZodMiniLiteral<true>, z.ZodMiniObject<{
      number: z.ZodMiniOptional<z.ZodMiniString<string>>;
    }, z.core.$strict>]>;
  }, z.core.$strict>, z.ZodMiniObject<{
    hangup: z.ZodMiniLiteral<true>;
  }, z.core.$strict>, z.ZodMiniObject<{
    expect: z.ZodMiniObject<{
      branch: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
      ended: z.ZodMiniOptional<z.ZodMiniString<string>>;
      heard: z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniArray<z.ZodMiniString<string>>]>>;
      notHeard: z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniArray<z.ZodMiniString<string>>]>>;
      variables: z.ZodMiniOptional<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>;
      waitingFor: z.ZodMiniOptional<z.ZodMiniEnum<{
        keys: "keys";
        payment: "payment";
      }>>;
    }, z.core.$strict>;
  }, z.core.$strict>]>>;
}, z.core.$strict>;
type Scenario = z.output<typeof ScenarioSchema>;
type ScenarioStep = z.output<typeof Step>;
interface ScenarioResult {
  readonly name: string;
  readonly passed: boolean;
  /** Which step diverged (from 1) and how. */
  readonly failure?: {
    readonly step: number;
    readonly message: string;
  };
  /** The call up to the point of divergence (card data redacted). */
  readonly transcript: readonly TranscriptEntry[];
}
/** Play a scenario against a target; never throws for a scenario that fails, it reports where and why. */
declare function runScenario(scenario: Scenario, options: {
  readonly map: IvrMap;
  readonly target: SimulatorTarget;
}): Promise<ScenarioResult>;
/** A transcript as lines a person reads: what was heard, which keys were live, where the call went. */
declare function formatTranscript(entries: readonly TranscriptEntry[]): string[];
/**
 * A scenario as YAML that `voitex-trigger scenarios` reads back to the same scenario. Strings are always quoted
 * (JSON's escapes are YAML's), so no text a caller heard can turn into a number, a boolean or a comment. Written
 * here rather than with the `yaml` package: the dev page bundles the simulator, and yaml's writer is 49 KB minified.
 */
declare function scenarioYaml(scenario: Scenario, comment?: string): string;
//#endregion
//#region src/simulator/record.d.ts
/**
 * A call driven step by step and written down as a scenario that replays it: each action, then what the caller could
 * tell after it (the branch, how the call ended, what was heard, the variables that changed, what it waits for).
 * Card data never enters it: a payment is recorded as `pay: true`, the test card.
 */
declare class CallRecording {
  #private;
  readonly call: SimulatedCall;
  private constructor();
  /** Dial (as `dial` does) and record what the caller meets first. */
  static dial(options: DialOptions): Promise<CallRecording>;
  press(keys: string): Promise<this>;
  wait(): Promise<this>;
  /** Pay with the test card. */
  pay(): Promise<this>;
  hangUp(): this;
  /** The call so far as a scenario (`scenarioYaml` writes it for `voitex-trigger scenarios`). */
  scenario(name?: string): Scenario;
}
//#endregion
//#region testing/files.d.ts
/**
 * Read a JSON or YAML file (YAML is a superset of JSON, so one parser serves both): a regular file within `maxBytes`,
 * with no key that reaches a prototype. Errors name the file and never quote it.
 */
declare function readData(path: string, maxBytes?: number): Promise<unknown>;
/**
 * The IVR map from a YAML or JSON file (a path or file URL), or from its text; an invalid one throws naming the file and
 * every problem listed by branch and field.
 */
declare function loadIvrMap(source: string | URL): Promise<IvrMap>;
/** A scenario file, checked; an invalid one throws naming the file and each problem. */
declare function loadScenario(path: string): Promise<Scenario>;
/** The scenario files (`.yaml`, `.yml`, `.json`) in a folder, sorted, or the given files as they are. */
declare function scenarioFiles(paths: readonly string[]): Promise<string[]>;
//#endregion
//#region testing/runtime.d.ts
interface TestRuntimeOptions<Services> {
  /** Caller records for an in-memory store: an array of records with `phone`, or an object keyed by phone. */
  readonly callers?: unknown;
  /** A store of your own instead (one that fails on cue, say). */
  readonly store?: CallerStore;
  readonly services?: Services;
  /** Where the clock stands still (default 2023-07-20 15:35:35 UTC, the vendor sample's time in New York). */
  readonly now?: Date | number;
  readonly timeZone?: string;
}
interface TestRuntime<Services> {
  /** Pass to `answerTrigger(flow, trigger, body, runtime)`. */
  readonly runtime: Runtime<Services>;
  /** Every log line written, redacted as in production. */
  readonly logs: readonly LogRecord[];
  /** Work the flow deferred (`deps.defer`), not yet awaited. */
  readonly deferred: readonly Promise<unknown>[];
  /** Wait for the deferred work. */
  settle(): Promise<void>;
}
/** The instant of the vendor's request sample ("2023-07-20 11:35:35" in New York). */
declare const SAMPLE_INSTANT: number;
/**
 * A runtime for unit tests of a flow: an in-memory caller store, a clock that stands still (durations are 0, answers
 * deterministic), log lines kept in memory, deferred work collected, `deps.once` claims held in memory.
 */
declare function testRuntime<Services = Record<string, never>>(options?: TestRuntimeOptions<Services>): TestRuntime<Services>;
//#endregion
export { CallRecording, type Card, type DialOptions, type EndKind, type IvrMap, type IvrMapInput, type MapIssue, type PostOptions, SAMPLE_INSTANT, type Scenario, type ScenarioResult, type ScenarioStep, SimulatedCall, type SimulatorTarget, TEST_CARD, type TargetAnswer, type TestRuntime, type TestRuntimeOptions, type TranscriptEntry, appTarget, dial, formatTranscript, lintMap, loadIvrMap, loadScenario, parseIvrMap, readData, runScenario, scenarioFiles, scenarioYaml, testRuntime, toMermaid, urlTarget };
