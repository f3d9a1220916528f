/**
 * The values aerolite reads and writes, and the wrappers that force a wire type. They live in
 * `src/wire/values.ts` (the codecs and the mock share them); this module keeps the library's
 * imports short.
 * @module
 */
export * from "./wire/values.ts";
