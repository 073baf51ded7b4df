import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a running solo system says which database server it uses, for tools like check-invariants. */
export interface Runtime {
  databaseServerUrl: string;
  prefix: string;
  pid: number;
}

const fileIn = (dataDir: string) => join(dataDir, 'runtime.json');

export async function writeRuntime(dataDir: string, runtime: Runtime): Promise<void> {
  // It holds the embedded server's password: readable by its owner only, like the password file beside it.
  await writeFile(fileIn(dataDir), JSON.stringify(runtime), { mode: 0o600 });
}

export async function removeRuntime(dataDir: string): Promise<void> {
  await rm(fileIn(dataDir), { force: true });
}

/** The running system's runtime, or undefined when none runs (no file, or its process is gone). */
export async function readRuntime(dataDir: string): Promise<Runtime | undefined> {
  let runtime: Runtime;
  try {
    runtime = JSON.parse(await readFile(fileIn(dataDir), 'utf8')) as Runtime;
  } catch {
    return undefined;
  }
  try {
    process.kill(runtime.pid, 0);
  } catch {
    return undefined;
  }
  return runtime;
}
