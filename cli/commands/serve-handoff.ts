import { z } from 'zod';

// What `runwell serve`'s supervisor and its preparation child (serve-prepare.ts)
// exchange. Kept apart from both so the supervisor can import it without
// loading the preparation's server modules.

export type PrepareOptions = { demo?: boolean; demoCluster: boolean; demoAlerts: boolean; demoClusterUrl: string };

// What the supervisor needs from the preparation, sent back over the IPC channel.
export const preparedSchema = z.object({
  databaseUrl: z.string().min(1),
  secrets: z.object({ NEXTAUTH_SECRET: z.string().min(1), RUNWELL_SECRET_KEY: z.string().min(1) }),
  seeded: z.boolean(),
  demoAlertToken: z.string().nullable(),
});
export type Prepared = z.infer<typeof preparedSchema>;
