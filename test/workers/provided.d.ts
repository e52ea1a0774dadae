// What test/helpers/emulator-global.ts provides to the tests (a module file, so this augments vitest's types).
export {}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Voitex emulator's base URL, on loopback. */
    emulatorUrl: string
  }
}
