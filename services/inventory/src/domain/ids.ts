/** Ids are compared as text; PostgreSQL spells uuids in lower case, so ids from outside are spelt so too. */
export const canonicalId = (id: string): string => id.toLowerCase();
