import { CallerStore } from "../_shared/src-request-incoming.js";

//#region adapters/stores/json-file.d.ts
/** How `jsonFileStore` treats its file. */
interface JsonFileStoreOptions {
  /**
   * Start empty when the file does not exist yet (`import --to json` writing a new file). Off by default: a mistyped
   * path would otherwise answer every caller as unknown, with no word of why.
   */
  readonly create?: boolean | undefined;
}
/**
 * Caller records in a JSON file (an array of records with a `phone` field, like demo/callers.json), held in memory:
 * the store of a self-hosted Node entry (`npm run serve`) or a Vercel Function. A file that is wrong never stops the
 * entry from loading (on Vercel that would fail every call): the store says what is wrong as its `problem` (logged at
 * start, `/health` degraded). A file that does not exist (without `create`) or cannot be read as callers gives a store
 * whose every lookup is a `store_error` naming it; rows without a usable phone are left out, and the others are
 * served. `save()` writes imports back atomically, and refuses while the store has a problem: it would lose what it
 * could not read.
 */
declare function jsonFileStore(path: string, options?: JsonFileStoreOptions): Promise<CallerStore & {
  save(): Promise<void>;
}>;
//#endregion
export { JsonFileStoreOptions, jsonFileStore };
