/**
 * Upcasters turn a stored payload of an old schema version into the next version, one step at a time:
 * `{ OrderPlaced: { 1: (v1) => v2 } }` reads version-1 `OrderPlaced` events as version 2. Stored events are
 * never rewritten; readers always see the current shape.
 */
export type Upcasters = Record<string, Record<number, (data: unknown) => unknown>>;

export function currentSchemaVersion(upcasters: Upcasters, type: string, stored: number): number {
  let version = stored;
  while (upcasters[type]?.[version]) version++;
  return version;
}

export function upcast(
  upcasters: Upcasters,
  type: string,
  schemaVersion: number,
  data: unknown,
): { data: unknown; schemaVersion: number } {
  let version = schemaVersion;
  let current = data;
  for (let step = upcasters[type]?.[version]; step; step = upcasters[type]?.[version]) {
    current = step(current);
    version++;
  }
  return { data: current, schemaVersion: version };
}
