// Velero: a namespace's backup Schedule, its daily Backups and a restore drill.

import { DAY, frozenAnnotations, HOUR, isoTime, type NamespacePlan } from '../plan';
import { meta, type Ctx } from './context';

export function veleroBackups(c: Ctx, ns: NamespacePlan): void {
  const b = ns.backup;
  if (!b) return;
  const scheduleName = `${ns.name}-daily`;
  const created = c.now - Math.min(ns.ageDays, 300) * DAY;
  const spec = { includedNamespaces: [ns.name], ttl: '720h0m0s', snapshotVolumes: true, storageLocation: 'default', defaultVolumesToFsBackup: false };
  const newest = c.now - b.lastBackupAgeHours * HOUR;
  c.out.push({
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: meta(scheduleName, 'velero', c.prng.uuid(), created, { generation: 1, labels: { team: ns.team }, ...(b.frozen ? { annotations: frozenAnnotations(true) } : {}) }),
    spec: { schedule: b.schedule, template: spec, useOwnerReferencesInBackup: false, ...(b.paused ? { paused: true } : {}) },
    status: { phase: 'Enabled', lastBackup: isoTime(newest), ...(b.paused ? {} : {}) },
  });
  if (b.restore) {
    // A DR drill: the namespace restored (into a scratch namespace) from the backup before it.
    const at = c.now - b.restore.ageHours * HOUR;
    const fromStart = newest - Math.ceil((b.restore.ageHours - b.lastBackupAgeHours) / 24) * DAY;
    const d = new Date(fromStart);
    const backupName = `${scheduleName}-${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}${String(d.getUTCSeconds()).padStart(2, '0')}`;
    c.out.push({
      apiVersion: 'velero.io/v1',
      kind: 'Restore',
      metadata: meta(`${ns.name}-drill-${Math.floor(at / 60_000)}`, 'velero', c.prng.uuid(), at, { generation: 4, labels: { 'velero.io/backup-name': backupName, team: ns.team } }),
      spec: { backupName, scheduleName, includedNamespaces: [ns.name], namespaceMapping: { [ns.name]: `${ns.name}-drill` }, restorePVs: true },
      status: {
        phase: b.restore.phase,
        startTimestamp: isoTime(at),
        completionTimestamp: isoTime(at + b.restore.minutes * 60_000),
        progress: { itemsRestored: 212, totalItems: 212 },
        warnings: 2,
        ...(b.restore.phase === 'Completed' ? {} : { errors: 3, failureReason: 'error restoring persistentvolumeclaims' }),
      },
    });
  }
  for (let k = 0; k < b.count; k++) {
    const start = newest - k * DAY;
    if (start < created) break;
    const d = new Date(start);
    const stamp = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}${String(d.getUTCSeconds()).padStart(2, '0')}`;
    const phase = k === 0 ? b.lastPhase : c.prng.chance(0.08) ? 'PartiallyFailed' : 'Completed';
    const total = c.prng.int(40, 900);
    const done = start + c.prng.int(20, 600) * 1000;
    c.out.push({
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: meta(`${scheduleName}-${stamp}`, 'velero', c.prng.uuid(), start, {
        generation: 5,
        labels: { 'velero.io/schedule-name': scheduleName, 'velero.io/storage-location': 'default' },
        annotations: { 'velero.io/source-cluster-k8s-gitversion': c.plan.kubernetesVersion, 'velero.io/source-cluster-k8s-major-version': '1' },
      }),
      spec: { ...spec, csiSnapshotTimeout: '10m0s', itemOperationTimeout: '4h0m0s', hooks: {}, metadata: {} },
      status: {
        version: 1,
        formatVersion: '1.1.0',
        phase,
        expiration: isoTime(start + 30 * DAY),
        startTimestamp: isoTime(start),
        completionTimestamp: isoTime(done),
        progress: { itemsBackedUp: phase === 'Failed' ? c.prng.int(0, total) : total, totalItems: total },
        ...(phase === 'Completed' ? {} : { errors: c.prng.int(1, 12), failureReason: phase === 'Failed' ? 'error getting backup store for this location: rpc error: code = Unknown desc = AccessDenied' : undefined }),
        warnings: c.prng.int(0, 3),
        ...(c.prng.chance(0.5) ? { volumeSnapshotsAttempted: 1, volumeSnapshotsCompleted: phase === 'Completed' ? 1 : 0 } : {}),
      },
    });
  }
}
