'use client';

import { Clusters } from './Clusters';
import { ErrorBudgets } from './ErrorBudgets';
import { IncidentsAndAlerts } from './IncidentsAndAlerts';
import { OnCall } from './OnCall';
import { Panel } from './Panel';
import { Readiness } from './Readiness';

// The first screen an SRE lead opens: one compact card per area, each linking to
// its page. Every card loads on its own (the tRPC link batches the calls into one
// request), so a slow area (readiness over many pods) never blanks the others.

export function OverviewBoard() {
  // One clock for the whole render; ages are coarse (minutes), so it need not tick.
  const now = new Date();
  return (
    <div className="overview-grid">
      <div className="overview-column">
        <Panel title="Incidents and alerts" href="/incidents" linkLabel="All incidents">
          <IncidentsAndAlerts now={now} />
        </Panel>
        <Panel title="On call now" href="/oncall" linkLabel="Schedules">
          <OnCall />
        </Panel>
      </div>
      <div className="overview-column">
        <Panel title="Error budgets" href="/slos" linkLabel="All SLOs">
          <ErrorBudgets />
        </Panel>
        <Panel title="Production readiness" href="/readiness" linkLabel="Full report">
          <Readiness />
        </Panel>
      </div>
      <div className="overview-wide">
        <Panel title="Clusters" href="/clusters" linkLabel="All clusters">
          <Clusters now={now} />
        </Panel>
      </div>
    </div>
  );
}
