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
  const maybeDie = (notices: readonly SagaNotice[]) => {
    if (!armed || !notices.some(matches)) return;
    armed = false;
    const die = () => process.kill(process.pid, 'SIGKILL');
    if (!delay || delay === '0') die();
    else setTimeout(die, Number(delay));
  };
  return {
    ...definition,
    ...(definition.onNotices && {
      async onNotices(tx, sagaId, data, notices) {
        maybeDie(notices);
        await definition.onNotices!(tx, sagaId, data, notices);
      },
    }),
    ...(definition.onNoticesMany && {
      async onNoticesMany(tx, items) {
        maybeDie(items.flatMap((item) => item.notices));
        await definition.onNoticesMany!(tx, items);
      },
    }),
  };
}
