import { currentUser } from '@/server/auth/session';
import { kubeBenchImportResponse } from '@/server/hardening/hardening.http';
import { timed } from '@/server/observability/metrics';

// Who may call it and what it returns: server/hardening/hardening.http.ts and docs/domains.md.
export const POST = timed('/api/v1/security/kube-bench', (req: Request) => kubeBenchImportResponse(req, currentUser));
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
