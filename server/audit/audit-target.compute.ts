/** Where a target lives in the app; null when it has no page (or was deleted: the caller knows). */
export function auditTargetHref(type: string, id: string, name: string | null): string | null {
  const e = encodeURIComponent;
  switch (type) {
    case 'service':
      return `/services/${e(id)}`;
    case 'slo':
      return `/slos/${e(id)}`;
    case 'incident':
      return `/incidents/${e(id)}`;
    case 'runbook':
      return `/runbooks/${e(id)}`;
    case 'cluster':
      return name ? `/clusters/${e(name)}` : '/clusters';
    case 'team':
      return '/settings/teams';
    case 'user':
      return '/settings/users';
    case 'api_token':
      return '/settings/tokens';
    case 'notification_channel':
      return '/settings/alerting';
    case 'datasource':
      return '/settings/datasources';
    case 'oncall_schedule':
    case 'escalation_policy':
      return '/oncall';
    case 'page':
      return `/oncall?page=${e(id)}`;
    case 'readiness_exemption':
      return '/readiness/exemptions';
    case 'postmortem':
      return '/postmortems';
    case 'action_item':
      return '/postmortems/action-items';
    case 'postmortem_template':
      return '/settings/postmortems';
    default:
      return null;
  }
}

/** The human words for a target type ("notification_channel" -> "notification channel"). */
export function targetTypeLabel(type: string): string {
  return type.replaceAll('_', ' ');
}
