// Names derived from an SLO when its file does not give one.

/** checkout + availability -> CheckoutAvailabilityErrorBudgetBurn (a valid Prometheus alert name). */
export function defaultAlertName(service: string, name: string): string {
  const pascal = `${service}-${name}`
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return `${/^[0-9]/.test(pascal) ? 'Slo' : ''}${pascal}ErrorBudgetBurn`;
}
