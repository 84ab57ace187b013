// The product spec's runbook template, verbatim (production-operations.txt,
// "Runbook Framework").
export const SEED_RUNBOOK = `# Alert: PaymentServiceHighErrorRate

## Summary
Payment service error rate exceeds 5% for 5+ minutes.

## Impact
Customers may be unable to complete purchases. Revenue impact estimated at $X/minute.

## Severity: P1

## Diagnosis Steps

### 1. Triage
\`\`\`bash
kubectl get pods -n payments -l app=payment-service
kubectl top pods -n payments --sort-by=cpu
\`\`\`

### 2. Check recent changes
\`\`\`bash
kubectl rollout history deploy/payment-service -n payments
# Check Argo CD sync history
argocd app history payments-service
\`\`\`

### 3. Check logs for errors
\`\`\`bash
kubectl logs -n payments -l app=payment-service --since=10m | \\
  jq 'select(.level=="error")' | tail -50
\`\`\`

### 4. Check downstream dependencies
\`\`\`bash
# Database connectivity
kubectl exec -n payments deploy/payment-service -- \\
  pg_isready -h $DB_HOST -p 5432
# Check ESO secret sync
kubectl get externalsecret -n payments
\`\`\`

## Resolution Steps

### Option A: Rollback
\`\`\`bash
kubectl rollout undo deploy/payment-service -n payments
# Verify
kubectl rollout status deploy/payment-service -n payments
\`\`\`

### Option B: Scale up
\`\`\`bash
kubectl scale deploy/payment-service --replicas=10 -n payments
\`\`\`

## Escalation
- After 15 min unresolved: page payments-team-lead
- After 30 min: page VP Engineering

## Post-Incident
File post-mortem within 48h using template at /post-mortems/template.md
`;
