/** Builds the stale workspaces (every one with `force`); resolves with their folders relative to the repo. */
export function buildIfStale(options?: { force?: boolean }): Promise<string[]>;
