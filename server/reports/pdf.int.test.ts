import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith, expectDomainError, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { declareIncident, transition } from '../incidents/incidents.service';
import { createTeam } from '../teams/teams.service';
import { createToken } from '../tokens/tokens.service';
import { executivePdf, maturityPdf, maturityReportFor } from './pdf.service';
import { GET as executivePdfRoute } from '@/app/api/v1/reports/executive.pdf/route';
import { GET as maturityPdfRoute } from '@/app/api/v1/reports/maturity.pdf/route';
import { callRoute } from '@/tests/api/rest';

// The PDFs from seeded data, read back with poppler (pdftotext, pdftoppm):
// the text carries the teams, levels and figures; every page renders.

let executive: RequestContext;
let viewer: RequestContext;
let reportsToken: string;
const teamName = uniqueSlug('Pdf Team');
const dir = mkdtempSync(join(tmpdir(), 'runwell-pdf-'));
const now = Date.parse('2026-12-05T12:00:00Z');
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://runwell.local${path}`, { headers: { host: 'runwell.local', ...headers } });

function readBack(name: string, pdf: Buffer): { text: string; pages: number } {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // RUNWELL_PDF_KEEP=<dir> keeps a copy to look at (docs/reports.md).
  if (process.env.RUNWELL_PDF_KEEP) writeFileSync(join(process.env.RUNWELL_PDF_KEEP, `${name}.pdf`), pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-r', '30', '-png', file, join(dir, name)]);
  const pngs = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
  for (const p of pngs) expect(statSync(join(dir, p)).size).toBeGreaterThan(500);
  return { text, pages: pngs.length };
}

beforeAll(async () => {
  const [ic, admin] = await Promise.all([actorWith('incident_commander', 'pdf.test'), actorWith('admin', 'pdf.test')]);
  [executive, viewer] = await Promise.all([actorWith('executive', 'pdf.test'), actorWith('viewer', 'pdf.test')]);
  const teamId = (await createTeam(systemCtx, { slug: uniqueSlug('pdf-team'), name: teamName })).id;
  const serviceId = (await createService(systemCtx, { slug: uniqueSlug('pdf-svc'), name: 'Pdf svc', teamId })).id;
  // Quarter 2023-Q2 of its own: two P1s resolved in 45 and 75 minutes (median 60).
  for (const [at, minutes] of [['2023-05-03T10:00:00Z', 45], ['2023-06-10T10:00:00Z', 75]] as const) {
    const t0 = Date.parse(at);
    const inc = await declareIncident(ic, { title: uniqueSlug('pdf'), severity: 'P1', serviceIds: [serviceId], startedAt: new Date(t0) }, t0);
    await transition(ic, { id: inc.id, to: 'resolved' }, t0 + minutes * 60_000);
  }
  reportsToken = (await createToken(admin, { name: 'pdf', scopes: ['reports'] })).secret;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('executive PDF', () => {
  it('carries the period, the team, its level and the figures, and every page renders', async () => {
    const { pdf, filename, report } = await executivePdf(executive, { period: '2023-Q2' }, now);
    expect(filename).toBe('runwell-executive-2023-Q2.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = readBack('executive', pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain('Reliability report: Q2 2023');
    expect(text).toContain('Compared with Q1 2023');
    expect(report.current.incidents.bySeverity.P1).toEqual({ count: 2, mttrMinutes: 60 });
    expect(text).toContain('MTTR (median)');
    expect(text).toMatch(/\b60 min\b/);
    expect(text).toContain(teamName);
    expect(text).toMatch(/Incidents by severity: Q2 2023 against Q1 2023/);
    expect(text).toMatch(/Deployment frequency/);
    const level = report.maturityNow.teams.find((t) => t.team === teamName)!.level;
    expect(text).toMatch(new RegExp(`${teamName}.*L${level}`));
  });

  it('filters to one team and refuses an unknown one', async () => {
    const { report } = await executivePdf(executive, { period: '2023-Q2', team: teamName.toUpperCase() }, now);
    expect(report.teams.map((t) => t.team)).toEqual([teamName]);
    expect((await expectDomainError(executivePdf(executive, { period: '2023-Q2', team: 'no-such-team' }, now), 'BAD_INPUT', 'team')).message).toMatch(/unknown team "no-such-team"/);
    expect((await expectDomainError(executivePdf(executive, { period: '2023-13' }, now), 'BAD_INPUT', 'period')).message).toMatch(/month YYYY-MM/);
  });
});

describe('maturity PDF', () => {
  it('lists the teams with levels and criteria met or not, with their source', async () => {
    const r = await maturityReportFor(executive, { team: teamName }, now);
    expect(r.period).toBe('2026-11');
    expect(r.teams).toHaveLength(1);
    expect(r.teams[0]!.criteria.length).toBeGreaterThan(20);
    expect(r.teams[0]!.criteria[0]).toMatchObject({ id: expect.any(String), level: 1, met: expect.any(Boolean), source: 'measured' });
    const { pdf } = await maturityPdf(executive, { team: teamName }, now);
    const { text, pages } = readBack('maturity', pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Operations maturity: November 2026');
    expect(text).toContain(`${teamName}: L${r.teams[0]!.level}`);
    expect(text).toMatch(/not met|met/);
    expect(text).toContain('measured');
  });
});

describe('GET /api/v1/reports/*.pdf', () => {
  it('answers a reports token with a PDF attachment', async () => {
    const res = await callRoute(executivePdfRoute, get('/api/v1/reports/executive.pdf?period=2023-Q2', { authorization: `Bearer ${reportsToken}` }), { now });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('runwell-executive-2023-Q2.pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a bad period (400), no credentials (401) and a viewer (403)', async () => {
    const bad = await callRoute(executivePdfRoute, get('/api/v1/reports/executive.pdf?period=2026-Q7', { authorization: `Bearer ${reportsToken}` }), { now });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('period');
    expect((await callRoute(maturityPdfRoute, get('/api/v1/reports/maturity.pdf'), { now })).status).toBe(401);
    expect((await callRoute(maturityPdfRoute, get('/api/v1/reports/maturity.pdf'), { session: async () => viewer.actor, now })).status).toBe(403);
  });
});
