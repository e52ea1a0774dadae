/** `voitex-trigger/client`: typed, validated helpers for every Voitex client-side API. */
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
  type VoitexUrls,
} from './client.ts'
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
} from './inputs.ts'
export type { ContactSelection, NotifyResponse } from './responses.ts'
export type { VoitexError, VoitexErrorCode, VoitexResult } from './transport.ts'
