// Churn: a deterministic (per seed) stream of realistic changes — container
// restarts, pod evictions/rescheduling, scaling, rollouts (new ReplicaSets, Argo CD
// history), node condition flips, new Events, Velero backups, certificate renewals —
// paced at roughly `eventsPerSecond` watch events.

import { imageTag, withTag } from './builders/images';
import type { Controllers } from './controllers';
import { DAY, FROZEN_ANNOTATION, HOUR, isoTime } from './plan';
import { Prng } from './prng';
import type { ResourceDef } from './resources';
import type { ClusterStore } from './store';
import type { KubeObject } from './types';

export type ChurnOp = 'restart' | 'evict' | 'scale' | 'rollout' | 'event' | 'node' | 'backup' | 'certificate' | 'cronjob';

const WEIGHTS: [ChurnOp, number][] = [
  ['restart', 30],
  ['evict', 14],
  ['scale', 14],
  ['rollout', 6],
  ['event', 24],
  ['node', 2],
  ['backup', 3],
  ['certificate', 2],
  ['cronjob', 5],
];

export class Churn {
  private readonly prng: Prng;
  private timer?: NodeJS.Timeout;
  private credit = 0;
  private lastTick = 0;
  private churnEvents: string[] = [];
  readonly stats: Record<ChurnOp, number> = { restart: 0, evict: 0, scale: 0, rollout: 0, event: 0, node: 0, backup: 0, certificate: 0, cronjob: 0 };
  private d: Record<string, ResourceDef>;
  /** Keep at most this many Events created by churn (oldest deleted first). */
  maxChurnEvents = 2000;

  constructor(
    private store: ClusterStore,
    private controllers: Controllers,
    seed: string,
    private clock: () => number,
    public eventsPerSecond = 0,
  ) {
    this.prng = new Prng(seed).fork('churn');
    const r = store.registry;
    const need = (g: string, v: string, p: string) => r.lookup(g, v, p)!;
    this.d = {
      pods: need('', 'v1', 'pods'),
      nodes: need('', 'v1', 'nodes'),
      events: need('', 'v1', 'events'),
      deployments: need('apps', 'v1', 'deployments'),
      hpas: need('autoscaling', 'v2', 'horizontalpodautoscalers'),
      apps: need('argoproj.io', 'v1alpha1', 'applications'),
      schedules: need('velero.io', 'v1', 'schedules'),
      backups: need('velero.io', 'v1', 'backups'),
      certs: need('cert-manager.io', 'v1', 'certificates'),
      cronjobs: need('batch', 'v1', 'cronjobs'),
      jobs: need('batch', 'v1', 'jobs'),
    };
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(intervalMs = 100): void {
    if (this.timer) return;
    this.lastTick = Date.now();
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = (now - this.lastTick) / 1000;
    this.lastTick = now;
    this.controllers.tick();
    if (this.eventsPerSecond <= 0) return;
    this.credit = Math.min(this.credit + elapsed * this.eventsPerSecond, Math.max(50, this.eventsPerSecond * 2));
    const before = this.store.resourceVersion;
    let guard = 0;
    while (this.credit > 0 && guard++ < 10_000) {
      const rv = this.store.resourceVersion;
      this.step();
      this.credit -= Math.max(1, this.store.resourceVersion - rv);
    }
    void before;
  }

  /** Perform `n` churn operations now (deterministic for the seed). Returns the events emitted. */
  step(n = 1, only?: ChurnOp): number {
    const before = this.store.resourceVersion;
    for (let i = 0; i < n; i++) {
      const op = only ?? this.prng.weighted(WEIGHTS);
      const done = this.run(op) || this.run('restart') || this.run('event');
      if (done) this.stats[op]++;
    }
    return this.store.resourceVersion - before;
  }

  private run(op: ChurnOp): boolean {
    switch (op) {
      case 'restart':
        return this.restart();
      case 'evict':
        return this.evict();
      case 'scale':
        return this.scale();
      case 'rollout':
        return this.rollout();
      case 'event':
        return this.event();
      case 'node':
        return this.node();
      case 'backup':
        return this.backup();
      case 'certificate':
        return this.certificate();
      case 'cronjob':
        return this.cronjob();
    }
  }

  /** A random object that `accept`s; objects annotated as frozen are never picked. */
  private pick(def: ResourceDef, accept: (o: KubeObject) => boolean, tries = 12): KubeObject | undefined {
    const t = this.store.table(def);
    if (t.keys.length === 0) return undefined;
    for (let i = 0; i < tries; i++) {
      const o = t.items.get(t.keys[Math.floor(this.prng.next() * t.keys.length)]!);
      if (o && o.metadata.annotations?.[FROZEN_ANNOTATION] !== 'true' && accept(o)) return o;
    }
    return undefined;
  }

  private restart(): boolean {
    const pod = this.pick(this.d.pods!, (p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    if (!pod) return false;
    const restarts = ((pod.status?.containerStatuses?.[0]?.restartCount as number) ?? 0) + 1;
    // crash loops are rare and usually recover, so their share stays small over long runs
    const looping = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff';
    const crash = looping ? this.prng.chance(0.3) : this.prng.chance(0.03);
    this.controllers.setPodState(pod, crash ? 'crashloop' : 'running', restarts);
    if (crash) this.addEvent(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${pod.spec.containers[0]?.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, 'kubelet');
    return true;
  }

  private evict(): boolean {
    const pod = this.pick(this.d.pods!, (p) => p.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet' && !p.metadata.deletionTimestamp);
    if (!pod) return false;
    this.controllers.deleteCascade(this.d.pods!, pod);
    this.addEvent(pod, 'Normal', 'Killing', `Stopping container ${pod.spec.containers[0]?.name}`, 'kubelet');
    return true;
  }

  private scale(): boolean {
    const dep = this.pick(this.d.deployments!, (d) => (d.spec?.replicas ?? 0) > 0 && (d.spec?.replicas ?? 0) < 200);
    if (!dep) return false;
    const cur = dep.spec.replicas as number;
    const hpa = this.store.get(this.d.hpas!, dep.metadata.namespace, dep.metadata.name);
    const min = hpa?.spec?.minReplicas ?? 1;
    const max = hpa?.spec?.maxReplicas ?? Math.max(cur + 3, Math.ceil(cur * 1.5));
    let next = cur + (this.prng.chance(0.5) ? 1 : -1) * this.prng.int(1, Math.max(1, Math.ceil(cur * 0.2)));
    next = Math.max(min, Math.min(max, next));
    if (next === cur) next = cur < max ? cur + 1 : Math.max(min, cur - 1);
    if (next === cur) return false;
    const updated = this.store.put({ ...dep, metadata: { ...dep.metadata, generation: (dep.metadata.generation ?? 1) + 1 }, spec: { ...dep.spec, replicas: next } });
    this.controllers.reconcileDeployment(updated);
    if (hpa) {
      this.store.put({
        ...hpa,
        metadata: { ...hpa.metadata },
        status: { ...(hpa.status ?? {}), currentReplicas: next, desiredReplicas: next, lastScaleTime: isoTime(this.clock()) },
      });
    }
    const rs = this.controllers.ownedReplicaSets(updated).find((r) => (r.spec?.replicas ?? 0) > 0);
    this.addEvent(updated, 'Normal', 'ScalingReplicaSet', `Scaled ${next > cur ? 'up' : 'down'} replica set ${rs?.metadata.name ?? dep.metadata.name} from ${cur} to ${next}`, 'deployment-controller');
    return true;
  }

  private rollout(): boolean {
    const dep = this.pick(this.d.deployments!, (d) => (d.spec?.replicas ?? 0) > 0 && (d.spec?.replicas ?? 0) <= 30 && !d.metadata.namespace!.startsWith('kube-'));
    if (!dep) return false;
    const containers = dep.spec.template.spec.containers as { image: string }[];
    const main = containers[0];
    if (!main) return false;
    const tag = imageTag(main.image);
    const m = tag ? /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(tag) : null;
    const now = this.clock();
    let template: Record<string, unknown>;
    if (m) {
      const next = this.prng.chance(0.7) ? `${m[1]}${m[2]}.${m[3]}.${Number(m[4]) + 1}` : `${m[1]}${m[2]}.${Number(m[3]) + 1}.0`;
      const image = withTag(main.image, next);
      template = {
        ...dep.spec.template,
        metadata: { ...dep.spec.template.metadata, labels: { ...(dep.spec.template.metadata?.labels ?? {}), version: next } },
        spec: { ...dep.spec.template.spec, containers: [{ ...main, image }, ...containers.slice(1)] },
      };
    } else {
      // unversioned images roll out through a restart annotation, like `kubectl rollout restart`
      template = {
        ...dep.spec.template,
        metadata: { ...dep.spec.template.metadata, annotations: { ...(dep.spec.template.metadata?.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': isoTime(now) } },
      };
    }
    const updated = this.store.put({ ...dep, metadata: { ...dep.metadata, generation: (dep.metadata.generation ?? 1) + 1 }, spec: { ...dep.spec, template } });
    this.controllers.reconcileDeployment(updated);
    const rs = this.controllers.ownedReplicaSets(updated).find((r) => (r.spec?.replicas ?? 0) > 0);
    this.addEvent(updated, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs?.metadata.name ?? ''} to ${updated.spec.replicas}`, 'deployment-controller');
    // Argo CD records the sync in the application's history
    const app = this.store.get(this.d.apps!, 'argocd', dep.metadata.namespace!);
    if (app) {
      const history = [...((app.status?.history ?? []) as { id: number }[])];
      const id = (history[history.length - 1]?.id ?? 0) + 1;
      const revision = this.prng.hex(40);
      history.push({ id, revision, deployStartedAt: isoTime(now - 20_000), deployedAt: isoTime(now), source: app.spec?.source } as never);
      while (history.length > 10) history.shift();
      this.store.put({
        ...app,
        metadata: { ...app.metadata },
        status: {
          ...(app.status ?? {}),
          history,
          sync: { ...(app.status?.sync ?? {}), status: 'Synced', revision },
          operationState: { ...(app.status?.operationState ?? {}), phase: 'Succeeded', startedAt: isoTime(now - 20_000), finishedAt: isoTime(now), syncResult: { revision, source: app.spec?.source } },
          reconciledAt: isoTime(now),
        },
      });
    }
    return true;
  }

  private addEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const now = isoTime(this.clock());
    const ns = obj.metadata.namespace ?? 'default';
    const name = `${obj.metadata.name}.${this.prng.hex(16)}`;
    this.store.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns, uid: this.prng.uuid(), resourceVersion: '', creationTimestamp: now },
      involvedObject: { kind: obj.kind, apiVersion: obj.apiVersion, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
      reason,
      message,
      source: { component, ...(obj.spec?.nodeName ? { host: obj.spec.nodeName } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: obj.spec?.nodeName ?? '',
    });
    this.churnEvents.push(`${ns}/${name}`);
    while (this.churnEvents.length > this.maxChurnEvents) {
      const old = this.churnEvents.shift()!;
      const i = old.indexOf('/');
      this.store.remove(this.d.events!, old.slice(0, i), old.slice(i + 1));
    }
  }

  private event(): boolean {
    const pod = this.pick(this.d.pods!, (p) => p.status?.phase === 'Running');
    if (!pod) return false;
    const [type, reason, message] = this.prng.pick<[('Normal' | 'Warning'), string, string]>([
      ['Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'],
      ['Warning', 'Unhealthy', 'Liveness probe failed: Get "http://10.0.0.1:8080/healthz": context deadline exceeded'],
      ['Normal', 'Pulled', `Container image "${pod.spec.containers[0]?.image}" already present on machine`],
      ['Warning', 'FailedMount', 'MountVolume.SetUp failed for volume "kube-api-access" : object "default"/"kube-root-ca.crt" not registered'],
      ['Normal', 'Started', `Started container ${pod.spec.containers[0]?.name}`],
    ]);
    this.addEvent(pod, type, reason, message, 'kubelet');
    return true;
  }

  private node(): boolean {
    const node = this.pick(this.d.nodes!, () => true);
    if (!node) return false;
    const now = isoTime(this.clock());
    const conds = (node.status?.conditions ?? []) as { type: string; status: string }[];
    const ready = conds.find((c) => c.type === 'Ready')?.status === 'True';
    // mostly heartbeats; sometimes a flip (NotReady nodes recover more often than Ready ones fail)
    const flip = ready ? this.prng.chance(0.05) : this.prng.chance(0.5);
    const nowReady = flip ? !ready : ready;
    const conditions = conds.map((c) =>
      c.type === 'Ready'
        ? { ...c, status: nowReady ? 'True' : 'Unknown', reason: nowReady ? 'KubeletReady' : 'NodeStatusUnknown', message: nowReady ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.', lastHeartbeatTime: now, ...(flip ? { lastTransitionTime: now } : {}) }
        : { ...c, lastHeartbeatTime: now },
    );
    this.store.put({ ...node, metadata: { ...node.metadata }, status: { ...node.status, conditions } });
    if (flip) this.addEvent(node, 'Normal', nowReady ? 'NodeReady' : 'NodeNotReady', `Node ${node.metadata.name} status is now: ${nowReady ? 'NodeReady' : 'NodeNotReady'}`, 'node-controller');
    return true;
  }

  private backup(): boolean {
    const sched = this.pick(this.d.schedules!, (s) => !s.spec?.paused);
    if (!sched) return false;
    const now = this.clock();
    const d = new Date(now);
    const p = (n: number) => String(n).padStart(2, '0');
    const name = `${sched.metadata.name}-${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
    if (this.store.get(this.d.backups!, 'velero', name)) return false;
    const phase = this.prng.weighted<string>([['Completed', 90], ['PartiallyFailed', 7], ['Failed', 3]]);
    const total = this.prng.int(40, 900);
    this.store.put({
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name, namespace: 'velero', uid: this.prng.uuid(), resourceVersion: '', creationTimestamp: isoTime(now), generation: 5, labels: { 'velero.io/schedule-name': sched.metadata.name, 'velero.io/storage-location': 'default' } },
      spec: sched.spec?.template ?? {},
      status: { version: 1, formatVersion: '1.1.0', phase, startTimestamp: isoTime(now - 60_000), completionTimestamp: isoTime(now), expiration: isoTime(now + 30 * DAY), progress: { itemsBackedUp: total, totalItems: total }, ...(phase === 'Completed' ? {} : { errors: this.prng.int(1, 5) }) },
    });
    this.store.put({ ...sched, metadata: { ...sched.metadata }, status: { ...(sched.status ?? {}), lastBackup: isoTime(now) } });
    // expire the oldest backup of that schedule
    const mine = this.store.all(this.d.backups!, 'velero').filter((b) => b.metadata.labels?.['velero.io/schedule-name'] === sched.metadata.name);
    if (mine.length > 7) {
      const oldest = mine.sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1))[0]!;
      this.store.remove(this.d.backups!, 'velero', oldest.metadata.name);
    }
    return true;
  }

  private certificate(): boolean {
    const cert = this.pick(this.d.certs!, () => true);
    if (!cert) return false;
    const now = this.clock();
    const notAfter = Date.parse(cert.status?.notAfter ?? isoTime(now));
    const due = notAfter - now < 30 * DAY;
    if (!due || this.prng.chance(0.3)) {
      // renewal still failing, or nothing to do: refresh the condition only
      const conditions = ((cert.status?.conditions ?? []) as { type: string }[]).map((c) => (c.type === 'Ready' ? { ...c, lastTransitionTime: (c as { lastTransitionTime?: string }).lastTransitionTime } : c));
      this.store.put({ ...cert, metadata: { ...cert.metadata }, status: { ...(cert.status ?? {}), conditions, ...(due ? { lastFailureTime: isoTime(now), failedIssuanceAttempts: (cert.status?.failedIssuanceAttempts ?? 0) + 1 } : {}) } });
      return true;
    }
    const na = now + 90 * DAY;
    this.store.put({
      ...cert,
      metadata: { ...cert.metadata },
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', observedGeneration: cert.metadata.generation ?? 1, lastTransitionTime: isoTime(now) }],
        notBefore: isoTime(now),
        notAfter: isoTime(na),
        renewalTime: isoTime(na - 30 * DAY),
        revision: (cert.status?.revision ?? 1) + 1,
      },
    });
    return true;
  }

  private cronjob(): boolean {
    const cj = this.pick(this.d.cronjobs!, (c) => !c.spec?.suspend);
    if (!cj) return false;
    const now = this.clock();
    const ns = cj.metadata.namespace!;
    const jobName = `${cj.metadata.name}-${Math.floor(now / 60_000)}`;
    if (this.store.get(this.d.jobs!, ns, jobName)) return false;
    const jobUid = this.prng.uuid();
    const tpl = cj.spec.jobTemplate?.spec?.template ?? { spec: { containers: [] } };
    const labels = { ...(tpl.metadata?.labels ?? {}), 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': jobUid, 'job-name': jobName };
    const failed = this.prng.chance(0.1);
    const job = this.store.put({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: jobName, namespace: ns, uid: jobUid, resourceVersion: '', generation: 1, creationTimestamp: isoTime(now), labels, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }] },
      spec: { parallelism: 1, completions: 1, backoffLimit: 2, completionMode: 'NonIndexed', suspend: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } }, template: { metadata: { ...(tpl.metadata ?? {}), labels }, spec: tpl.spec } },
      status: { startTime: isoTime(now), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} },
    });
    const pod = this.controllers.createPod(job, { metadata: { labels }, spec: tpl.spec }, `${jobName}-${this.prng.kubeSuffix(5)}`, `${jobName}-`);
    // finish immediately: the pod completes and the job records it
    this.controllers.setPodState(pod, failed ? 'failed' : 'succeeded');
    const done = isoTime(now + 1000);
    this.store.put({
      ...job,
      metadata: { ...job.metadata },
      status: failed
        ? { startTime: job.status.startTime, failed: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: done, lastTransitionTime: done }] }
        : { startTime: job.status.startTime, completionTime: done, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [{ type: 'Complete', status: 'True', lastProbeTime: done, lastTransitionTime: done }] },
    });
    this.store.put({ ...cj, metadata: { ...cj.metadata }, status: { ...(cj.status ?? {}), lastScheduleTime: isoTime(now), ...(failed ? {} : { lastSuccessfulTime: done }) } });
    // job history limit: keep 3 per cronjob
    const jobs = this.store.dependentsOf(cj.metadata.uid).filter((x) => x.def === this.d.jobs).map((x) => x.object);
    if (jobs.length > 3) {
      const oldest = jobs.sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1)).slice(0, jobs.length - 3);
      for (const j of oldest) this.controllers.deleteCascade(this.d.jobs!, j, 'Background', 0);
    }
    void HOUR;
    return true;
  }
}
