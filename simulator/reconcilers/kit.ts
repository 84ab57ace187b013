// What every reconciler works with: the store, the random stream and clock of
// the controllers, the resource definitions they watch, and the kubelet that
// creates, starts and deletes pods.

import type { Kubelet } from '../kubelet';
import type { Prng } from '../prng';
import type { ResourceDef } from '../resources';
import type { ClusterStore } from '../store';

export interface ControllerKit {
  readonly store: ClusterStore;
  readonly prng: Prng;
  readonly clock: () => number;
  readonly defs: Readonly<Record<string, ResourceDef>>;
  readonly kubelet: Kubelet;
}
