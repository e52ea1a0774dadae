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
 * the store of a self-hosted Node entry (`npm run serve`). `save()` writes imports back atomically. A file that does
 * not exist (without `create`) gives a store with a `problem`: logged at start, `/health` degraded, every lookup
 * a `store_error` naming the path, while Triggers are still answered. A file that exists but cannot be read as callers
 * is refused.
 */
declare function jsonFileStore(path: string, options?: JsonFileStoreOptions): Promise<CallerStore & {
  save(): Promise<void>;
}>;
//#endregion
export { JsonFileStoreOptions, jsonFileStore };
