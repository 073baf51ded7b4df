import { loadConfig } from '@bazaar/config';
import { Type } from '@sinclair/typebox';

/** Read by the host from each service's environment. */
export const ShutdownEnv = Type.Object({
  SHUTDOWN_DRAIN_MS: Type.Integer({
    minimum: 0,
    maximum: 120_000,
    default: 0,
    description:
      'on stop, how long the instance keeps serving while it reports not-ready, so balancers stop sending to it before it closes',
  }),
});

export const shutdownDrainMs = (env: NodeJS.ProcessEnv): number =>
  loadConfig(ShutdownEnv, env).SHUTDOWN_DRAIN_MS;
