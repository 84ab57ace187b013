// Reports benchmark: `npm run bench:reports` (tsx bench/reports.bench.ts).
//
// Issue #15's target, in a scratch, migrated PostgreSQL database: the executive
// PDF for 100 teams (2,000 services, incidents in both months) <= 3 s and
// <= 5 MB. Measured twice, RUNS times after one warm-up, as server time (no
// HTTP): the whole executivePdf call (the report's data from every domain's
// service, the document model, the PDF) and the rendering alone (document model
// + renderToBuffer from a report already computed). Also the maturity PDF of
// the same organisation, whole and rendering alone (it took over 10 minutes while
// the document was one wrapping <Page>: react-pdf re-lays out the rest of a page
// at every break). Median, p95 and the machine's load are reported.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { quantile, scratchDatabase, sh } from './lib/scratch';

const TEAMS = Number(process.env.BENCH_REPORTS_TEAMS ?? 100);
const SERVICES_PER_TEAM = Number(process.env.BENCH_REPORTS_SERVICES ?? 20);
const INCIDENTS = Number(process.env.BENCH_REPORTS_INCIDENTS ?? 400);
const RUNS = Number(process.env.BENCH_REPORTS_RUNS ?? 3);
const DB = `runwell_reports_bench_${process.pid}`;
const NOW = Date.parse('2026-12-05T12:00:00Z');

async function timed(name: string, fn: () => Promise<unknown>): Promise<number[]> {
  let t = performance.now();
  await fn();
  process.stdout.write(`${name}: warm-up ${Math.round(performance.now() - t)} ms\n`);
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await fn();
    out.push(performance.now() - t);
    process.stdout.write(`${name}: run ${i + 1} ${Math.round(out.at(-1)!)} ms\n`);
  }
  return out;
}

async function main() {
  const loadStart = loadavg().map((x) => x.toFixed(2)).join(' / ');
  await scratchDatabase(DB);
  const lines: string[] = [];
  try {
    const { getPrisma } = await import('@/server/db');
    const { executivePdf, executiveReportFor, maturityPdf, maturityReportFor } = await import('@/server/reports/pdf.service');
    const { executiveDocument, maturityDocument } = await import('@/server/reports/pdf.compute');
    const { renderPdf } = await import('@/server/reports/pdf.render');
    const { disconnectDatabase } = await import('@/server/database/lifecycle');
    const prisma = getPrisma();
    const ctx = { actor: { kind: 'system' as const, id: 'system' as const, name: 'bench' }, requestId: null };

    const t0 = performance.now();
    await prisma.team.createMany({ data: Array.from({ length: TEAMS }, (_, i) => ({ slug: `team-${i}`, name: `Team ${String(i).padStart(3, '0')}` })) });
    const teams = await prisma.team.findMany({ select: { id: true } });
    await prisma.service.createMany({ data: teams.flatMap((t, i) => Array.from({ length: SERVICES_PER_TEAM }, (_, j) => ({ slug: `svc-${i}-${j}`, name: `Service ${i}-${j}`, tier: j % 3 === 0 ? 'tier1' : 'tier2', teamId: t.id }))) });
    const severities = ['P1', 'P2', 'P3'] as const;
    await prisma.incident.createMany({
      data: Array.from({ length: INCIDENTS }, (_, i) => {
        const startedAt = new Date(Date.parse('2026-10-01T00:00:00Z') + (i % 61) * 86_400_000 + i * 60_000);
        return { title: `Incident ${i}`, severity: severities[i % 3]!, state: 'resolved' as const, teamId: teams[i % teams.length]!.id, startedAt, detectedAt: startedAt, resolvedAt: new Date(startedAt.getTime() + (20 + (i % 7) * 15) * 60_000) };
      }),
    });
    process.stdout.write('seeded\n');
    lines.push(`Seeded ${TEAMS} teams, ${TEAMS * SERVICES_PER_TEAM} services, ${INCIDENTS} incidents in ${Math.round(performance.now() - t0)} ms.`);

    let size = 0;
    let pages = '';
    const full = await timed('executivePdf', async () => {
      const r = await executivePdf(ctx, { period: '2026-11' }, NOW);
      size = r.pdf.length;
    });
    let t1 = performance.now();
    const report = await executiveReportFor(ctx, { period: '2026-11' }, NOW);
    const dataMs = performance.now() - t1;
    t1 = performance.now();
    const { assessAll } = await import('@/server/maturity/maturity.service');
    await assessAll(ctx, NOW);
    const assessMs = performance.now() - t1;
    const render = await timed('render', async () => {
      const pdf = await renderPdf(executiveDocument(report));
      size = pdf.length;
    });
    const file = `/tmp/${DB}.pdf`;
    writeFileSync(file, await renderPdf(executiveDocument(report)));
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    pages = /Pages:\s+(\d+)/.exec(info.stdout ?? '')?.[1] ?? '?';
    let mSize = 0;
    let mPages = '';
    const maturity = await timed('maturityPdf', async () => {
      mSize = (await maturityPdf(ctx, { period: '2026-11' }, NOW)).pdf.length;
    });
    const mReport = await maturityReportFor(ctx, { period: '2026-11' }, NOW);
    const cpu0 = process.cpuUsage();
    const mRender = await timed('maturity render', async () => {
      const pdf = await renderPdf(maturityDocument(mReport));
      writeFileSync(file, pdf);
    });
    const cpu = process.cpuUsage(cpu0);
    const mCpuMs = (cpu.user + cpu.system) / 1000 / (RUNS + 1);
    mPages = /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? '?';
    const row = (name: string, xs: number[], target: string) => `| ${name} | ${Math.round(quantile(xs, 0.5))} | ${Math.round(quantile(xs, 0.95))} | ${Math.round(Math.max(...xs))} | ${target} |`;
    lines.push(
      '',
      `| measurement (${RUNS} runs after a warm-up) | median ms | p95 ms | max ms | target |`,
      '| --- | --- | --- | --- | --- |',
      row(`executive PDF, ${TEAMS} teams: data + model + PDF (executivePdf)`, full, '<= 3000 ms'),
      row('executive PDF: model + PDF only (report computed)', render, ''),
      row(`maturity PDF, ${TEAMS} teams: assessment + model + PDF (maturityPdf)`, maturity, '<= 3000 ms (as the executive PDF)'),
      row('maturity PDF: model + PDF only (report computed)', mRender, ''),
      '',
      `Of which, once: the report's data (executiveReportFor) ${Math.round(dataMs)} ms, the maturity assessment inside it (maturity.assessAll, ${TEAMS} teams) ${Math.round(assessMs)} ms.`,
      '',
      `Executive PDF: ${(size / 1024).toFixed(1)} KiB, ${pages} pages (target <= 5 MB). Maturity PDF: ${(mSize / 1024).toFixed(1)} KiB, ${mPages} pages; its rendering used ${Math.round(mCpuMs)} ms of CPU a run (user + system, independent of the load).`,
    );
    await disconnectDatabase();
  } finally {
    sh('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', DB]);
  }
  const [l1, l5, l15] = loadavg().map((x) => x.toFixed(2));
  const out = [
    '# Reports benchmark (issue #15)',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average at the start ${loadStart}, before writing ${l1} / ${l5} / ${l15} (1/5/15 min; the machine is shared by several agents, so wall times vary with it).`,
    '',
    ...lines,
    '',
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/reports.md', out);
  process.stdout.write(out);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
