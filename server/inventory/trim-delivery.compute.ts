import { arr, compact, type J, pick, rec } from './trim.compute';

// The progressive-delivery, chaos and autoscaling custom resources the maturity
// model reads (docs/inventory.md): Argo Rollouts, Flagger Canaries, Chaos Mesh
// PodChaos and Schedules, KEDA ScaledObjects. Each keeps what tells "this
// service deploys by canary / runs chaos / scales on events", never trigger
// metadata (connection strings live there) or pod specs. Pure.

/** Conditions flattened to {type: status}. */
function conditions(status: unknown): J {
  const list = arr(rec(status).conditions);
  if (list.length === 0) return {};
  return { conditions: Object.fromEntries(list.map((c) => [String(c.type), String(c.status)])) };
}

/** Argo Rollout: the strategy (canary with its step count, or blue-green), the workload it points at, phase and replica counts. */
export function trimRollout(o: J): J {
  const spec = rec(o.spec);
  const strategy = rec(spec.strategy);
  const canary = rec(strategy.canary);
  return compact({
    spec: compact({
      ...pick(spec, ['replicas', 'workloadRef']),
      strategy: strategy.canary
        ? compact({ type: 'canary', steps: arr(canary.steps).length, trafficRouting: Object.keys(rec(canary.trafficRouting))[0], analysis: canary.analysis ? true : undefined })
        : strategy.blueGreen
          ? { type: 'blueGreen', activeService: rec(strategy.blueGreen).activeService }
          : undefined,
    }),
    status: compact({ ...pick(o.status, ['phase', 'message', 'currentStepIndex', 'stableRS', 'currentPodHash', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas']), ...conditions(o.status) }),
  });
}

/** Flagger Canary: its target, the analysis' shape and metric names, the phase and weight. */
export function trimCanary(o: J): J {
  const spec = rec(o.spec);
  const analysis = rec(spec.analysis);
  return compact({
    spec: compact({
      targetRef: pick(spec.targetRef, ['apiVersion', 'kind', 'name']),
      provider: spec.provider,
      analysis: compact({ ...pick(analysis, ['interval', 'threshold', 'maxWeight', 'stepWeight', 'iterations']), metrics: arr(analysis.metrics).map((m) => m.name).filter(Boolean) }),
    }),
    status: compact({ ...pick(o.status, ['phase', 'canaryWeight', 'failedChecks', 'iterations', 'lastTransitionTime', 'lastPromotedSpec']), ...conditions(o.status) }),
  });
}

function chaosSelector(spec: J): J {
  const selector = rec(spec.selector);
  return compact({ ...pick(selector, ['namespaces', 'labelSelectors']), mode: spec.mode, value: spec.value });
}

/** Chaos Mesh PodChaos: the action, whom it hits, for how long, and whether it was injected and recovered. */
export function trimPodChaos(o: J): J {
  const spec = rec(o.spec);
  return compact({
    spec: compact({ action: spec.action, duration: spec.duration, ...chaosSelector(spec) }),
    status: compact({ desiredPhase: rec(rec(o.status).experiment).desiredPhase, ...conditions(o.status) }),
  });
}

/** Chaos Mesh Schedule: the cron, the experiment type it creates and whom that hits, the last run. */
export function trimChaosSchedule(o: J): J {
  const spec = rec(o.spec);
  const type = typeof spec.type === 'string' ? spec.type : '';
  // The embedded experiment sits under the type in lower camel case: spec.podChaos, spec.networkChaos...
  const inner = rec(spec[type.charAt(0).toLowerCase() + type.slice(1)]);
  return compact({
    spec: compact({ ...pick(spec, ['schedule', 'type', 'concurrencyPolicy', 'historyLimit', 'startingDeadlineSeconds']), action: inner.action, ...chaosSelector(inner) }),
    status: compact({ lastScheduleTime: rec(o.status).time ?? rec(o.status).lastScheduleTime, active: arr(rec(o.status).active).length || undefined }),
  });
}

/** KEDA ScaledObject: its target, bounds and trigger types (not their metadata, which may hold addresses and queries). */
export function trimScaledObject(o: J): J {
  const spec = rec(o.spec);
  return compact({
    spec: compact({
      ...pick(spec, ['minReplicaCount', 'maxReplicaCount', 'pollingInterval', 'cooldownPeriod']),
      scaleTargetRef: pick(spec.scaleTargetRef, ['apiVersion', 'kind', 'name']),
      triggers: arr(spec.triggers).map((t) => compact(pick(t, ['type', 'name', 'metricType']))),
    }),
    status: compact({ ...pick(o.status, ['scaleTargetKind', 'originalReplicaCount', 'lastActiveTime']), ...conditions(o.status) }),
  });
}

