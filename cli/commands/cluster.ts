import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { createCluster, getCluster, listClusters, testCluster } from '@/server/clusters/clusters.service';
import type { ConnectionInput } from '@/server/clusters/clusters.schema';
import { DomainError } from '@/server/errors';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

type AddOptions = {
  name: string;
  description?: string;
  kubeconfig?: string;
  context?: string;
  server?: string;
  tokenFile?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  inCluster?: boolean;
  simulator?: string;
};

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${what} ${path}: ${(error as Error).message}`, EXIT.usage);
  }
}

export function connectionFromOptions(o: AddOptions): ConnectionInput {
  const chosen = [o.kubeconfig, o.server, o.inCluster, o.simulator].filter(Boolean).length;
  if (chosen !== 1) throw new CliError('Give exactly one of --kubeconfig FILE, --server URL --token-file F, --in-cluster, --simulator URL', EXIT.usage);
  if (o.kubeconfig) return { connectionKind: 'kubeconfig', kubeconfig: readFile(o.kubeconfig, 'kubeconfig'), ...(o.context ? { context: o.context } : {}) };
  if (o.server) {
    if (!o.tokenFile) throw new CliError('--server needs --token-file FILE (a bearer token)', EXIT.usage);
    return {
      connectionKind: 'token',
      apiUrl: o.server,
      token: readFile(o.tokenFile, 'token file').trim(),
      ...(o.caFile ? { caData: readFile(o.caFile, 'CA file') } : {}),
      insecureSkipTlsVerify: Boolean(o.insecureSkipTlsVerify),
    };
  }
  if (o.inCluster) return { connectionKind: 'in_cluster' };
  return { connectionKind: 'simulator', apiUrl: o.simulator!, ...(o.tokenFile ? { token: readFile(o.tokenFile, 'token file').trim() } : {}) };
}

async function withDb<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message, error.code === 'BAD_INPUT' || error.code === 'CONFLICT' ? EXIT.usage : EXIT.failed);
    throw error;
  } finally {
    await disconnectDatabase();
  }
}

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('Register Kubernetes clusters and test their connections');
  const ctx = systemContext('runwell cluster');
  const out = (line: string) => process.stdout.write(`${line}\n`);

  cluster
    .command('add')
    .description('Register a cluster: --kubeconfig FILE [--context C] | --server URL --token-file F [--ca-file F] | --in-cluster | --simulator URL')
    .requiredOption('--name <name>', 'cluster name (lowercase, e.g. prod-eu-1)')
    .option('--description <text>', 'what the cluster is for')
    .option('--kubeconfig <file>', 'kubeconfig file')
    .option('--context <name>', 'kubeconfig context (default: its current-context)')
    .option('--server <url>', 'API server URL (with --token-file)')
    .option('--token-file <file>', 'file holding a bearer token')
    .option('--ca-file <file>', 'PEM CA certificate of the API server')
    .option('--insecure-skip-tls-verify', 'do not verify the API server certificate (test clusters only)')
    .option('--in-cluster', "use this pod's service account")
    .option('--simulator <url>', 'a Runwell simulator (`runwell sim`) URL')
    .action(async (o: AddOptions) => {
      const connection = connectionFromOptions(o);
      await withDb(async () => {
        const created = await createCluster(ctx, { name: o.name, description: o.description ?? '', connection });
        out(`Registered cluster ${created.name} (${created.connectionKind}, ${created.apiUrl}); a worker starts collecting within 15 s`);
      });
    });

  cluster
    .command('list')
    .description('Registered clusters with their version and sync state')
    .action(async () => {
      await withDb(async () => {
        const clusters = await listClusters(ctx);
        if (clusters.length === 0) return out('No clusters registered; add one with `runwell cluster add`');
        for (const c of clusters) {
          const counts = `${c.objectCounts.Node ?? 0} nodes, ${c.objectCounts.Pod ?? 0} pods`;
          out(`${c.name.padEnd(24)} ${c.connectionKind.padEnd(10)} ${(c.serverGitVersion ?? '-').padEnd(10)} ${c.syncState.padEnd(8)} ${counts}  ${c.apiUrl}${c.disabled ? '  (disabled)' : ''}`);
        }
      });
    });

  cluster
    .command('test <name>')
    .description('Test the connection and permissions of a registered cluster (exit 1 when it fails)')
    .action(async (name: string) => {
      const ok = await withDb(async () => {
        const c = await getCluster(ctx, { name });
        const result = await testCluster(ctx, { id: c.id });
        for (const s of result.steps) out(`${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.message}`);
        return result.ok;
      });
      if (!ok) throw new CliError(`Connection test of cluster ${name} failed`, EXIT.failed);
    });
}
