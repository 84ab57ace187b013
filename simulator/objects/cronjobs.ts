// CronJobs with the Jobs (and their Pods) of their last runs, failed ones first.

import { ownerRef } from '../builders/identity';
import { buildPodTemplate, workloadLabels } from '../builders/pod-template';
import { DAY, frozenAnnotations, HOUR, isoTime, type WorkloadPlan } from '../plan';
import type { KubeObject } from '../types';
import { addEvent, meta, type Ctx } from './context';
import { makePods, workloadStartTimes } from './pods';

function cronInterval(schedule: string): number {
  if (schedule === '@hourly' || /^\S+ \* \* \* \*$/.test(schedule)) return HOUR;
  if (/^\S+ \*\/(\d+) \* \* \*$/.test(schedule)) return Number(/\*\/(\d+)/.exec(schedule)![1]) * HOUR;
  if (/^\*\/(\d+) \* \* \* \*$/.test(schedule)) return Number(/\*\/(\d+)/.exec(schedule)![1]) * 60_000;
  return DAY;
}

export function materializeCronJob(c: Ctx, w: WorkloadPlan): void {
  const cron = w.cron ?? { schedule: '0 3 * * *', jobs: 2, failedJobs: 0 };
  const interval = cronInterval(cron.schedule);
  // old enough to have run every job the plan asks for
  const created = Math.min(workloadStartTimes(c, w).created, c.now - (cron.jobs + 1) * interval);
  const labels = workloadLabels(w);
  const tpl = buildPodTemplate(w, w.image);
  const cj: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, { generation: 1, labels, ...(w.frozen ? { annotations: frozenAnnotations(true) } : {}) }),
    spec: {
      schedule: cron.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      suspend: cron.suspend ?? false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels }, spec: { backoffLimit: 2, template: tpl } },
    },
  };
  let lastSuccess: number | undefined;
  let lastSchedule: number | undefined;
  const out: KubeObject[] = [cj];
  for (let k = 0; k < cron.jobs; k++) {
    const scheduled = Math.floor((c.now - (k + 0.5) * interval) / 60_000) * 60_000;
    lastSchedule ??= scheduled;
    const failed = k < cron.failedJobs;
    const jobName = `${w.name}-${Math.floor(scheduled / 60_000)}`;
    const jobUid = c.prng.uuid();
    const jobLabels = { ...labels, 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': jobUid, 'job-name': jobName };
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(jobName, w.namespace, jobUid, scheduled, { generation: 1, labels: jobLabels, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': isoTime(scheduled) }, ownerReferences: [ownerRef(cj)] }),
      spec: {
        parallelism: 1,
        completions: 1,
        backoffLimit: 2,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } },
        template: { metadata: { ...tpl.metadata, labels: jobLabels }, spec: tpl.spec },
      },
    };
    const { pods } = makePods(c, w, 1, [ownerRef(job)], jobLabels, tpl.spec, scheduled, () => ({ name: `${jobName}-${c.prng.kubeSuffix(5)}`, generateName: `${jobName}-` }), [failed ? 'failed' : 'succeeded']);
    const pod = pods[0]!;
    const finishedAt = pod.status.containerStatuses?.[0]?.state?.terminated?.finishedAt ?? isoTime(scheduled + 60_000);
    job.status = failed
      ? {
          startTime: isoTime(scheduled),
          failed: 1,
          terminating: 0,
          ready: 0,
          uncountedTerminatedPods: {},
          conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: finishedAt, lastTransitionTime: finishedAt }],
        }
      : {
          startTime: isoTime(scheduled),
          completionTime: finishedAt,
          succeeded: 1,
          terminating: 0,
          ready: 0,
          uncountedTerminatedPods: {},
          conditions: [{ type: 'Complete', status: 'True', lastProbeTime: finishedAt, lastTransitionTime: finishedAt }],
        };
    if (!failed) lastSuccess ??= Date.parse(finishedAt);
    out.push(job, ...pods);
    if (failed) {
      addEvent(c, { kind: 'Job', apiVersion: 'batch/v1', name: jobName, namespace: w.namespace, uid: jobUid }, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', 'job-controller', undefined, Date.parse(finishedAt), Date.parse(finishedAt), 1, true);
    }
  }
  cj.status = { ...(lastSchedule ? { lastScheduleTime: isoTime(lastSchedule) } : {}), ...(lastSuccess ? { lastSuccessfulTime: isoTime(lastSuccess) } : {}) };
  c.out.push(...out);
}
