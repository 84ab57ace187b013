import type { Db } from '../database/tx';
import * as repo from './paging.repo';

// Paging owns the Page table. Alert intake and the incident console open,
// link, move and resolve pages through these functions, inside their own
// transaction (the tx is passed down), so one delivery or one incident move
// stays atomic while only paging writes pages (docs/architecture.md, "Ownership").

;

/** One page per alert (unique alertId), due at once: the paging job sends step 1. */
export const openAlertPages = (tx: Db, rows: readonly repo.NewPageRow[]) => repo.insertAlertPages(tx, rows);
/** Alerts that resolved stop their pages. */
export const resolvePagesOfAlerts = (tx: Db, alertIds: readonly string[], at: number) => repo.resolvePagesOfAlerts(tx, alertIds, at);
/** An incident's own pages (P1/P2 with services): the team's escalation policy fires. */
export const openIncidentPages = (tx: Db, rows: Parameters<typeof repo.insertIncidentPages>[1]) => repo.insertIncidentPages(tx, rows);
export const linkPagesToIncident = (tx: Db, incidentId: string, alertIds: readonly string[]) => repo.linkPagesToIncident(tx, incidentId, alertIds);
export const movePagesToIncident = (tx: Db, fromId: string, toId: string) => repo.movePagesToIncident(tx, fromId, toId);

/** Read-only: an incident's pages for the linked timeline (post-mortems' chain.service). */
export const pagesOfIncident = (tx: Db, incidentId: string) => repo.pagesOfIncident(tx, incidentId);
