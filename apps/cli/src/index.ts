export { CLUSTER_SERVICES, type ClusterService } from './cluster/args.js';
export { clusterStatus, restartCluster } from './cluster/control.js';
export type { InstanceStatus } from './cluster/supervisor.js';
export { ServeConfig, SoloConfig } from './config.js';
export { checkInvariants, formatInvariants, type InvariantResult } from './invariants.js';
export * from './load/index.js';
export { type Solo, startSolo } from './solo.js';
