// Names and references the API server or the controllers would make: the
// pod-template-hash of a template, an ownerReference, a pod IP.

import { hash32 } from '../prng';
import type { KubeObject, OwnerReference } from '../types';

const KUBE_ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

function alnum(n: number, len: number): string {
  const codes: number[] = [];
  for (let i = 0; i < len; i++) {
    codes.push(KUBE_ALNUM.charCodeAt(n % KUBE_ALNUM.length));
    n = Math.floor(n / KUBE_ALNUM.length);
  }
  return String.fromCharCode(...codes);
}

/** pod-template-hash / controller-revision-hash of a pod template (stable, like the real one). */
export function templateHash(template: unknown): string {
  const text = JSON.stringify(template);
  // two FNV-1a variants in one pass
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 ^ ch, 0x5bd1e995);
  }
  return alnum(h1 >>> 0, 6) + alnum(h2 >>> 0, 4);
}

export function ownerRef(owner: KubeObject, blockOwnerDeletion = true): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion };
}

/** A pod IP derived from its uid (unique enough for a simulator). */
export function podIpFor(uid: string): string {
  const h = hash32(uid);
  return `10.${128 + (h & 63)}.${(h >>> 6) & 255}.${1 + ((h >>> 14) % 254)}`;
}
