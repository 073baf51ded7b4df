import assert from 'node:assert/strict';

/** Passes when a check found nothing; otherwise fails listing every problem, one a line. */
export const noProblems = (problems: string[]): void => assert.deepEqual(problems, [], problems.join('\n'));
