import { inject } from 'vitest';

// Runs before each integration file's imports, so getPrisma() in server/db.ts
// connects to this run's database and never to a developer's own.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.RUNWELL_SECRET_KEY = inject('secretKey');
process.env.RUNWELL_DB_POOL ??= '4';
