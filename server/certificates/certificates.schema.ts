import { z } from 'zod';
import type { TrendPoint } from '../domains/strip.schema';

;

// Certificate management (docs/domains.md "Certificates"): cert-manager
// Certificates and the TLS secrets Ingresses reference, from the inventory.

/** Days-to-expiry bands, worst first; the alert thresholds are 30/14/7 days. */
const CERT_BANDS = ['expired', '7d', '14d', '30d', 'ok', 'unknown'] as const;
export type CertBand = (typeof CERT_BANDS)[number];

export const CERT_BAND_LABELS: Record<CertBand, string> = {
  expired: 'Expired',
  '7d': '≤ 7 days',
  '14d': '≤ 14 days',
  '30d': '≤ 30 days',
  ok: '> 30 days',
  unknown: 'Unknown expiry',
};

export type WorkloadRef = { kind: string; name: string };

export type CertificateRow = {
  /** cluster id / namespace / name (Ingress TLS entries: `ingress:<ingress>/<secret>`). */
  id: string;
  clusterId: string;
  cluster: string;
  namespace: string;
  name: string;
  secretName: string;
  hosts: string[];
  /** `ClusterIssuer/letsencrypt-prod`; null for certificates cert-manager does not manage. */
  issuer: string | null;
  managed: boolean;
  notAfter: string | null;
  /** Whole days left, rounded up (5 d 23 h = 6 days); negative once expired; null = unknown. */
  daysLeft: number | null;
  band: CertBand;
  ready: boolean | null;
  /** cert-manager tried to renew and failed (Ready=False and not just expired, or failed issuance attempts). */
  renewalFailing: boolean;
  /** Why: the Ready condition's message or the failed request's. */
  problem: string | null;
  failedAttempts: number;
  ingress: string | null;
  workload: WorkloadRef | null;
  service: { slug: string; name: string } | null;
  team: string | null;
};

export type CertificateCounts = Record<CertBand, number> & { total: number; notReady: number; renewalFailing: number; unmanaged: number };


export type CertificatesPageDto = {
  now: string;
  counts: CertificateCounts;
  /** The worst certificate (the primary signal): fewest days left among the known. */
  soonest: CertificateRow | null;
  rows: CertificateRow[];
  /** Rows matching the filter before the limit. */
  matching: number;
  issuers: { kind: string; name: string; ready: boolean | null; message: string | null; cluster: string }[];
  runbooks: Record<string, { id: string; title: string } | null>;
  trend: TrendPoint[];
};

export const certificatesFilterSchema = z
  .object({
    band: z.enum(['all', 'attention', ...CERT_BANDS]).default('all'),
    clusterId: z.string().max(100).optional(),
    team: z.string().max(100).optional(),
    search: z.string().trim().max(200).optional(),
    serviceId: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(500).default(200),
    days: z.number().int().refine((d) => d === 30 || d === 90, 'must be 30 or 90').default(30),
  })
  .default({ band: 'all', limit: 200, days: 30 });
export type CertificatesFilter = z.input<typeof certificatesFilterSchema>;
