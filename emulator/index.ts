/** `voitex-trigger/emulator`: a local Voitex API (contacts, notify, SMS, calls, recordings) for tests and demos. */
export { createEmulator, DEFAULT_MAX_UPLOAD_BYTES, type EmulatorOptions } from './app.ts'
export type { EmulatorState, Recording, SentCall, SentSms, StoredContact } from './state.ts'
