import { readFileSync } from 'node:fs';

// The repository root's package.json, four levels up from src/docs and from dist/docs alike.
const ROOT_PACKAGE = new URL('../../../../package.json', import.meta.url);

/** The version of Bazaar the documents describe: the root package.json's, one number for the whole system. */
export const BAZAAR_VERSION = (JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')) as { version: string }).version;
