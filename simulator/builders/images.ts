// Container image references: the tag of an image, the image at another tag,
// and the imageID (repository digest) the kubelet reports.

import { hash32 } from '../prng';
import { imageIds } from './caches';

export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return image.split('@')[1];
  const last = image.split('/').pop()!;
  const i = last.indexOf(':');
  return i < 0 ? undefined : last.slice(i + 1);
}

export function withTag(image: string, tag: string): string {
  const at = image.indexOf('@');
  const base = at >= 0 ? image.slice(0, at) : image;
  const slash = base.lastIndexOf('/');
  const colon = base.lastIndexOf(':');
  const repo = colon > slash ? base.slice(0, colon) : base;
  return `${repo}:${tag}`;
}

function hexFrom(seed: string, len: number): string {
  const parts: string[] = [];
  for (let i = 0; parts.length * 8 < len; i++) parts.push(hash32(`${seed}:${i}`).toString(16).padStart(8, '0'));
  return parts.join('').slice(0, len);
}

export function imageIdOf(image: string): string {
  let id = imageIds.get(image);
  if (!id) {
    const repo = image.split('@')[0]!.replace(/:[^/:]+$/, '');
    id = `${repo.includes('/') && repo.split('/')[0]!.includes('.') ? '' : 'docker.io/library/'}${repo}@sha256:${hexFrom(image, 64)}`;
    imageIds.set(image, id);
  }
  return id;
}
