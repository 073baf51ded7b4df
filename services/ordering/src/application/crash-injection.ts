import type { SagaDefinition, SagaNotice } from '@bazaar/saga';

/**
 * Fault injection for the crash tests: wraps a saga so the process kills itself (SIGKILL, no cleanup, as a
 * crash or an OOM kill would) during one kind of transition — at once, inside the uncommitted transaction,
 * or after a delay, typically just after the commit. `at` is `<notice>:<step>[:<delay ms>]`.
 */
export function crashDuring<Data>(
  definition: SagaDefinition<Data>,
  at: string | undefined,
): SagaDefinition<Data> {
  if (!at) return definition;
  const [kind, step, delay] = at.split(':');
  const matches = (notice: SagaNotice) => notice.kind === kind && 'step' in notice && notice.step === step;
  let armed = true;
  return {
    ...definition,
    async onNotices(tx, sagaId, data, notices) {
      if (armed && notices.some(matches)) {
        armed = false;
        const die = () => process.kill(process.pid, 'SIGKILL');
        if (!delay || delay === '0') die();
        else setTimeout(die, Number(delay));
      }
      await definition.onNotices?.(tx, sagaId, data, notices);
    },
  };
}
