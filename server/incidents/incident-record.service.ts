// The part of the incident record other domains may use: read an incident,
// its times and runbooks, and append to its timeline inside the caller's
// transaction (post-mortem steps are part of the incident's story). It imports
// no other domain's service, so those domains can depend on it while
// incidents.service depends on them without an import cycle
// (docs/architecture.md, "Ownership").
export { addAlertTimelineEntries, addTimeline, findIncident, recentIncidentIdsOfService, runbooksFor, timesOf, type IncidentRow } from './incidents.repo';
