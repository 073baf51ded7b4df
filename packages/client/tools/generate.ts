import { readFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

export const CONTRACT_FILE = new URL('../contract/openapi.json', import.meta.url);
export const ASYNCAPI_FILE = new URL('../contract/asyncapi.json', import.meta.url);
export const SCHEMA_FILE = new URL('../src/schema.ts', import.meta.url);

const HEADER = `// Generated from packages/client/contract/openapi.json by \`npm run contract\` (openapi-typescript).
// Do not edit: change a route's schema, then regenerate; CI fails when this file and the contract differ.
`;

/** The TypeScript types of the committed contract, as schema.ts holds them. */
export async function generateSchemaTypes(): Promise<string> {
  const document = JSON.parse(await readFile(CONTRACT_FILE, 'utf8')) as Record<string, unknown>;
  const ast = await openapiTS(document as never, { alphabetize: false, rootTypes: false });
  return `${HEADER}${astToString(ast)}`;
}
