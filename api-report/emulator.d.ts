import { Clock } from "./_shared/src-request-incoming.js";
import { Hono } from "hono";
import * as _$hono_types0 from "hono/types";

//#region emulator/state.d.ts
/** The emulator's in-memory world: contacts and labels, recordings, and everything "sent". */
type PhoneType = 'H' | 'M';
interface ContactPhone {
  phone: string;
  type: PhoneType;
}
interface StoredContact {
  readonly id: number;
  fields: Record<string, string | null>;
  phones: ContactPhone[];
  labels: Set<number>;
}
interface Recording {
  readonly id: string;
  readonly album: number;
  readonly sort: number;
  readonly kind: 'file' | 'tts';
  readonly displayName?: string | undefined;
  readonly text?: string | undefined;
  readonly fileName?: string | undefined;
  readonly bytes?: number | undefined;
}
interface SentSms {
  readonly api: 'sms' | 'notify';
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly scheduledFor?: string | undefined;
  /** MMS: the names of the files sent with it. */
  readonly attachments?: readonly string[] | undefined;
  readonly reference: string;
}
interface SentCall {
  readonly api: 'notification-call' | 'notify';
  readonly from: string;
  readonly to: string;
  readonly callType: 'goto' | 'stream';
  readonly branchNumber?: string | undefined;
  readonly routeNumber?: string | undefined;
  readonly recording?: string | undefined;
  readonly scheduledFor?: string | undefined;
  readonly reference: string;
}
declare class EmulatorState {
  #private;
  readonly contacts: StoredContact[];
  readonly labels: Set<number>;
  readonly recordings: Recording[];
  readonly sms: SentSms[];
  readonly calls: SentCall[];
  constructor(labels?: Iterable<number>);
  nextId(): number;
  /** The three-digit sequence that ends batch and group ids. */
  nextSequence(): string;
  contactByPhone(phone: string): StoredContact | undefined;
  /** What tests inspect: everything sent and stored, as plain JSON. */
  snapshot(): {
    sms: SentSms[];
    calls: SentCall[];
    recordings: Recording[];
    contacts: {
      labels: number[];
      id: number;
      fields: Record<string, string | null>;
      phones: ContactPhone[];
    }[];
    labels: number[];
  };
}
//#endregion
//#region emulator/app.d.ts
/** The largest request the emulator reads (an upload with its form), 10 MiB unless configured. */
declare const DEFAULT_MAX_UPLOAD_BYTES: number;
interface EmulatorOptions {
  /** The Auth-Key it accepts (default `test-key`). */
  readonly authKey?: string;
  /** Requests larger than this are refused with 413 before they are read (default 10 MiB). */
  readonly maxUploadBytes?: number;
  /** Contact label numbers that exist (default 1–10). */
  readonly labels?: Iterable<number>;
  /** When SMS and calls are stamped (the same `Clock` flows get: milliseconds since the epoch). */
  readonly clock?: Clock;
}
/**
 * A local Voitex API: each service under a path named after its host (`/recording/upload/`, `/notify/`,
 * `/notify/notify/`, `/sms/send/`, `/contacts/`), with in-memory state, and `/_emulator/` to inspect and reset it.
 * Every route, the inspection ones too, needs the Auth-Key; every answer, an error too, is JSON.
 */
declare function createEmulator(options?: EmulatorOptions): {
  app: Hono<_$hono_types0.BlankEnv, _$hono_types0.BlankSchema, "/">;
  readonly state: EmulatorState;
};
//#endregion
export { DEFAULT_MAX_UPLOAD_BYTES, type EmulatorOptions, type EmulatorState, type Recording, type SentCall, type SentSms, type StoredContact, createEmulator };
