import { alertsRouter } from '../alerts/alerts.router';
import { auditRouter } from '../audit/audit.router';
import { capacityRouter } from '../capacity/capacity.router';
import { catalogRouter } from '../catalog/catalog.router';
import { certificatesRouter } from '../certificates/certificates.router';
import { networkRouter } from '../network/network.router';
import { storageRouter } from '../storage/storage.router';
import { performanceRouter } from '../performance/performance.router';
import { changesRouter } from '../changes/changes.router';
import { dataSourcesRouter } from '../datasources/datasources.router';
import { domainsRouter } from '../domains/domains.router';
import { drRouter } from '../dr/dr.router';
import { clustersRouter } from '../clusters/clusters.router';
import { hardeningRouter } from '../hardening/hardening.router';
import { inventoryRouter } from '../inventory/inventory.router';
import { maintenanceRouter } from '../maintenance/maintenance.router';
import { maturityRouter } from '../maturity/maturity.router';
import { pagingRouter } from '../paging/paging.router';
import { incidentsRouter } from '../incidents/incidents.router';
import { oncallRouter } from '../oncall/oncall.router';
import { postmortemsRouter } from '../postmortems/postmortems.router';
import { readinessRouter } from '../readiness/readiness.router';
import { reportsRouter } from '../reports/reports.router';
import { runbooksRouter } from '../runbooks/runbooks.router';
import { sloRouter } from '../slo/slo.router';
import { systemRouter } from '../system/system.router';
import { teamsRouter } from '../teams/teams.router';
import { toilRouter } from '../toil/toil.router';
import { tokensRouter } from '../tokens/tokens.router';
import { usersRouter } from '../users/users.router';
import { router } from './init';

export const appRouter = router({
  alerts: alertsRouter,
  audit: auditRouter,
  capacity: capacityRouter,
  catalog: catalogRouter,
  certificates: certificatesRouter,
  network: networkRouter,
  storage: storageRouter,
  performance: performanceRouter,
  changes: changesRouter,
  dataSources: dataSourcesRouter,
  domains: domainsRouter,
  dr: drRouter,
  clusters: clustersRouter,
  security: hardeningRouter,
  inventory: inventoryRouter,
  maintenance: maintenanceRouter,
  maturity: maturityRouter,
  paging: pagingRouter,
  incidents: incidentsRouter,
  oncall: oncallRouter,
  postmortems: postmortemsRouter,
  readiness: readinessRouter,
  reports: reportsRouter,
  runbooks: runbooksRouter,
  slo: sloRouter,
  system: systemRouter,
  teams: teamsRouter,
  toil: toilRouter,
  tokens: tokensRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
