import { Result } from "./_shared/src-errors.js";
import * as z from "zod/mini";

//#region src/client/inputs.d.ts
declare const MAX_SMS_CHARS = 1000;
declare const CONTACT_FIELDS: readonly ["first_name", "last_name", "email", "exp", "notes", "address", "city", "state", "zip", ...`field_${string}`[]];
type ContactField = (typeof CONTACT_FIELDS)[number];
/** The compile-time half of "exactly one of": a second recipient mode does not type-check. */
type RecipientMode = {
  readonly to: string | number;
  readonly phones?: never;
  readonly labels?: never;
} | {
  readonly phones: readonly string[];
  readonly to?: never;
  readonly labels?: never;
} | {
  readonly labels: readonly (string | number)[];
  readonly phoneTypes?: readonly ('H' | 'M')[];
  readonly to?: never;
  readonly phones?: never;
};
/** Built on the first client call that needs them: a cold start that sends nothing pays nothing for them. */
declare const inputSchemas: () => {
  UploadRecordingInput: z.ZodMiniObject<{
    album: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
    sort: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
    file: z.ZodMiniCustom<Blob, Blob>;
    fileName: z.ZodMiniString<string>;
    displayName: z.ZodMiniOptional<z.ZodMiniString<string>>;
    override: z.ZodMiniOptional<z.ZodMiniBoolean<boolean>>;
  }, z.core.$strip>;
  CreateTtsInput: z.ZodMiniObject<{
    album: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
    sort: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
    text: z.ZodMiniString<string>;
    override: z.ZodMiniOptional<z.ZodMiniBoolean<boolean>>;
  }, z.core.$strip>;
  NotificationCallInput: z.ZodMiniObject<{
    cid: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
    to: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
    branchNumber: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
    routeNumber: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
  }, z.core.$strip>;
  SendSmsInput: z.ZodMiniObject<{
    from: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
    to: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
    body: z.ZodMiniString<string>;
  }, z.core.$strip>;
  CreateContactInput: z.ZodMiniObject<{
    phones: z.ZodMiniUnion<readonly [z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>, z.ZodMiniArray<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>>]>;
    phoneType: z.ZodMiniOptional<z.ZodMiniEnum<{
      H: "H";
      M: "M";
    }>>;
    firstName: z.ZodMiniOptional<z.ZodMiniString<string>>;
    lastName: z.ZodMiniOptional<z.ZodMiniString<string>>;
    label: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
  }, z.core.$strip>;
  UpdateContactInput: z.ZodMiniObject<{
    phone: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
    fields: z.ZodMiniOptional<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>;
    phoneType: z.ZodMiniOptional<z.ZodMiniEnum<{
      H: "H";
      M: "M";
    }>>;
    addPhone: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>>;
    addPhoneType: z.ZodMiniOptional<z.ZodMiniEnum<{
      H: "H";
      M: "M";
    }>>;
    removePhone: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>>;
    addLabels: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>>;
    removeLabels: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>>;
  }, z.core.$strip>;
  ContactLocator: z.ZodMiniObject<{
    phone: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
  }, z.core.$strip>;
  NotifyInputSchema: z.ZodMiniIntersection<z.ZodMiniIntersection<z.ZodMiniObject<{
    from: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
    title: z.ZodMiniOptional<z.ZodMiniString<string>>;
    sendAt: z.ZodMiniOptional<z.ZodMiniString<string>>;
    dnc: z.ZodMiniOptional<z.ZodMiniBoolean<boolean>>;
    confirm: z.ZodMiniOptional<z.ZodMiniBoolean<boolean>>;
  }, z.core.$strip>, z.ZodMiniObject<{
    to: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>>;
    phones: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniString<string>>>;
    labels: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>>;
    phoneTypes: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniEnum<{
      H: "H";
      M: "M";
    }>>>;
  }, z.core.$strip>>, z.ZodMiniDiscriminatedUnion<[z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"SMS">;
    body: z.ZodMiniString<string>;
    attachments: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniObject<{
      file: z.ZodMiniCustom<Blob, Blob>;
      fileName: z.ZodMiniString<string>;
    }, z.core.$strip>>>;
  }, z.core.$strip>, z.ZodMiniObject<{
    type: z.ZodMiniLiteral<"CALL">;
    call: z.ZodMiniDiscriminatedUnion<[z.ZodMiniObject<{
      type: z.ZodMiniLiteral<"stream">;
      recording: z.ZodMiniOptional<z.ZodMiniString<string>>;
      sfileId: z.ZodMiniOptional<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>>;
    }, z.core.$strip>, z.ZodMiniObject<{
      type: z.ZodMiniLiteral<"goto">;
      branchNumber: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, any>>;
      routeNumber: z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>, z.ZodMiniTransform<string, string | number>>;
      greeting: z.ZodMiniOptional<z.ZodMiniUnknown>;
      variables: z.ZodMiniOptional<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>;
    }, z.core.$strip>], "type">;
  }, z.core.$strip>], "type">>;
};
type InputSchemas = ReturnType<typeof inputSchemas>;
type UploadRecordingInput = z.input<InputSchemas['UploadRecordingInput']>;
type CreateTtsInput = z.input<InputSchemas['CreateTtsInput']>;
type NotificationCallInput = z.input<InputSchemas['NotificationCallInput']>;
type SendSmsInput = z.input<InputSchemas['SendSmsInput']>;
type CreateContactInput = z.input<InputSchemas['CreateContactInput']>;
type UpdateContactInput = z.input<InputSchemas['UpdateContactInput']>;
type ContactLocator = z.input<InputSchemas['ContactLocator']>;
type NotifyInput = z.input<InputSchemas['NotifyInputSchema']> & RecipientMode;
//#endregion
//#region src/client/responses.d.ts
/** Built on the first answer that needs them, like the inputs' schemas. */
declare const responseSchemas: () => {
  BasicResponse: z.ZodMiniObject<{
    status: z.ZodMiniString<string>;
    data: z.ZodMiniOptional<z.ZodMiniUnknown>;
    reference_id: z.ZodMiniOptional<z.ZodMiniString<string>>;
    errors: z.ZodMiniPipe<z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniArray<z.ZodMiniUnknown>, z.ZodMiniString<string>, z.ZodMiniNull]>>, z.ZodMiniTransform<string[], string | unknown[] | null | undefined>>;
  }, z.core.$loose>;
  SmsData: z.ZodMiniPipe<z.ZodMiniUnknown, z.ZodMiniTransform<Record<string, string>, unknown>>;
  ContactSelection: z.ZodMiniObject<{
    contact: z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniNullable<z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>>>;
    phones: z.ZodMiniArray<z.ZodMiniObject<{
      phone: z.ZodMiniString<string>;
      type: z.ZodMiniString<string>;
    }, z.core.$strip>>;
    labels: z.ZodMiniArray<z.ZodMiniPipe<z.ZodMiniUnion<readonly [z.ZodMiniNumber<number>, z.ZodMiniString<string>]>, z.ZodMiniTransform<number, any>>>;
  }, z.core.$strip>;
  NotifyResponse: z.ZodMiniObject<{
    request_id: z.ZodMiniOptional<z.ZodMiniString<string>>;
    status: z.ZodMiniEnum<{
      readonly success: "success";
      readonly partial_success: "partial_success";
      readonly failure: "failure";
      readonly error: "error";
    }>;
    batch_id: z.ZodMiniOptional<z.ZodMiniString<string>>;
    group_id: z.ZodMiniOptional<z.ZodMiniString<string>>;
    summary: z.ZodMiniOptional<z.ZodMiniObject<{
      route: z.ZodMiniOptional<z.ZodMiniString<string>>;
      type: z.ZodMiniOptional<z.ZodMiniString<string>>;
      mode: z.ZodMiniOptional<z.ZodMiniString<string>>;
      valid_count: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniNumber<number>>>;
      invalid_count: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
      recipient_estimate: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
    }, z.core.$loose>>;
    invalid: z.ZodMiniOptional<z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>>>;
    errors: z.ZodMiniPipe<z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniArray<z.ZodMiniUnknown>, z.ZodMiniString<string>, z.ZodMiniNull]>>, z.ZodMiniTransform<string[], string | unknown[] | null | undefined>>;
    warnings: z.ZodMiniOptional<z.ZodMiniUnknown>;
  }, z.core.$loose>;
};
type ResponseSchemas = ReturnType<typeof responseSchemas>;
type ContactSelection = z.output<ResponseSchemas['ContactSelection']>;
type NotifyResponse = z.output<ResponseSchemas['NotifyResponse']>;
//#endregion
//#region src/client/transport.d.ts
type VoitexErrorCode = 'invalid_input' | 'unauthorized' | 'vendor_error' | 'http_error' | 'timeout' | 'network_error' | 'invalid_response';
/** A failed call, as data. Never carries the Auth-Key or card data. */
interface VoitexError {
  readonly code: VoitexErrorCode;
  readonly message: string;
  /** The vendor's own `errors`, when it gave any. */
  readonly messages: readonly string[];
  readonly status?: number;
  /** Notify: rejected numbers and why (`invalid_format`, `unallocated_nanp`). */
  readonly invalid?: Readonly<Record<string, string>>;
}
type VoitexResult<T> = Result<T, VoitexError>;
/** How requests reach the Voitex services (the client's options, but for its URLs). */
interface TransportOptions {
  readonly authKey: string;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  /** Extra attempts for calls that cannot duplicate an effect (default 2). */
  readonly retries?: number;
  readonly fetch?: typeof fetch;
  /** Aborts every call, e.g. the flow's `deps.signal`. */
  readonly signal?: AbortSignal;
}
//#endregion
//#region src/client/client.d.ts
/** Where each Voitex service lives. */
interface VoitexUrls {
  readonly recording: string;
  readonly notificationCall: string;
  readonly notify: string;
  readonly sms: string;
  readonly contacts: string;
}
declare const VOITEX_URLS: VoitexUrls;
/** The same services on the local emulator (`npm run emulator`), each under a path named after its host. */
declare function emulatorUrls(base?: string): VoitexUrls;
interface VoitexClientOptions extends TransportOptions {
  readonly urls?: Partial<VoitexUrls>;
}
interface CallOptions {
  /** Retry this call on network errors, time-outs and 5xx: only for calls whose repetition is harmless. */
  readonly idempotent?: boolean;
}
interface RecordingCreated {
  readonly recordingId: string;
}
interface SmsSent {
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly didType: string | undefined;
  readonly referenceId: string | undefined;
}
interface NotifyAccepted {
  readonly status: 'success' | 'partial_success';
  readonly requestId: string | undefined;
  /** Single sends (`to`, or 1–19 phones). */
  readonly batchId: string | undefined;
  /** Group broadcasts (20+ phones, or labels). */
  readonly groupId: string | undefined;
  readonly summary: NotifyResponse['summary'];
  readonly invalid: Readonly<Record<string, string>>;
}
/**
 * Typed, fetch-based helpers for every Voitex client-side API (Workers, Lambda, Vercel, Node). Inputs are checked
 * before sending; expected failures are returned as `{ ok: false, error }`, never thrown. An SMS, a call or a
 * notify is sent at most once by the client; only `contacts.select` (and calls marked idempotent) are retried.
 */
declare function createVoitexClient(options: VoitexClientOptions): {
  /** Upload a wav/mp3 recording to an album; the next free sort number when `sort` is omitted. */uploadRecording(input: UploadRecordingInput, call?: CallOptions): Promise<VoitexResult<RecordingCreated>>; /** Create a TTS recording in an album. */
  createTts(input: CreateTtsInput, call?: CallOptions): Promise<VoitexResult<RecordingCreated>>; /** The legacy Notification Call: call `to` from `cid` and send them to an IVR branch. */
  notificationCall(input: NotificationCallInput): Promise<VoitexResult<{
    referenceId: string;
  }>>; /** The legacy Send SMS API. */
  sendSms(input: SendSmsInput): Promise<VoitexResult<SmsSent>>;
  contacts: {
    /** Create a contact; fails if any of its phones is already on a contact. */create(input: CreateContactInput): Promise<VoitexResult<string>>; /** Update one contact, located by any of its phones: fields, phone type, one phone added/removed, labels. */
    update(input: UpdateContactInput, call?: CallOptions): Promise<VoitexResult<string>>; /** Delete a contact: all its phones and label memberships (labels themselves stay). */
    delete(input: ContactLocator): Promise<VoitexResult<string>>; /** A contact's fields, phones with types, and label numbers. Retried on transient failures: it reads only. */
    select(input: ContactLocator): Promise<VoitexResult<ContactSelection>>;
  }; /** The Notify API: SMS or CALL to one number, a list, or contact labels. */
  notify(input: NotifyInput): Promise<VoitexResult<NotifyAccepted>>;
};
type VoitexClient = ReturnType<typeof createVoitexClient>;
//#endregion
export { type CallOptions, type ContactField, type ContactSelection, type CreateContactInput, type CreateTtsInput, MAX_SMS_CHARS, type NotificationCallInput, type NotifyAccepted, type NotifyInput, type NotifyResponse, type RecipientMode, type RecordingCreated, type SendSmsInput, type SmsSent, type UpdateContactInput, type UploadRecordingInput, VOITEX_URLS, type VoitexClient, type VoitexClientOptions, type VoitexError, type VoitexErrorCode, type VoitexResult, type VoitexUrls, createVoitexClient, emulatorUrls };
