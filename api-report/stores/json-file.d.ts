import { CallerStore } from "../_shared/src-request-incoming.js";

//#region adapters/stores/json-file.d.ts
/**
 * Caller records in a JSON file (an array of records with a `phone` field, like demo/callers.json), held in memory:
 * the embedded default store of `npm start`. `save()` writes imports back atomically.
 */
declare function jsonFileStore(path: string): Promise<CallerStore & {
  save(): Promise<void>;
}>;
//#endregion
export { jsonFileStore };
