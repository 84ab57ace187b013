// Command-line front of the simulator: `runwell sim [options]` (see cli/commands/sim.ts)
// or directly `tsx simulator/cli.ts [options]`.
//
//   --port N               listen port (default 6443; 0 = random)
//   --host H               listen address (default 127.0.0.1)
//   --nodes N --pods M --zones Z   generated cluster size (default 10 / 250 / 3)
//   --scenario FILE|shop   initial objects from a YAML/JSON file, or the bundled demo "shop"
//   --churn N              watch events per second of churn (default 0)
//   --seed S               seed of every random choice (default "runwell")
//   --token T              require Authorization: Bearer T
//   --tls                  HTTPS with a self-signed certificate (needs openssl)
//   --tls-cert F --tls-key F   HTTPS with this certificate and key
//   --kubeconfig FILE      write a kubeconfig for kubectl/client libraries
//   --error-rate R --slow-ms MS --drop-watch-every S   fault injection
//   --history-size N       watch events kept for resumption (default 10000)
//   --log                  one line per request on stderr

import { readFileSync, writeFileSync } from 'node:fs';
import { startSimulator, type Simulator, type SimulatorOptions } from './index';

export class UsageError extends Error {}

export interface SimulatorCliOptions extends SimulatorOptions {
  kubeconfigPath?: string;
}

const FLAGS = new Set(['--tls', '--log', '--help', '-h']);

function num(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER, integer = true): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got "${value}"`);
  }
  return n;
}

export const SIM_USAGE = `Usage: runwell sim [options]

Serve a simulated Kubernetes API (kubectl and client libraries work against it).

Options:
  --port <n>              listen port (default 6443, 0 = random)
  --host <addr>           listen address (default 127.0.0.1)
  --nodes <n>             generated nodes (default 10)
  --pods <n>              generated pods (default 250)
  --zones <n>             availability zones (default 3)
  --scenario <file|shop>  initial objects from a YAML/JSON file, or the bundled "shop" demo
  --churn <n>             churn: watch events per second (default 0)
  --seed <s>              seed for every random choice (default "runwell")
  --token <t>             require "Authorization: Bearer <t>"
  --tls                   HTTPS with a self-signed certificate (needs openssl)
  --tls-cert <file>       HTTPS certificate (PEM), with --tls-key
  --tls-key <file>        HTTPS private key (PEM)
  --kubeconfig <file>     write a kubeconfig pointing at the simulator
  --error-rate <0..1>     fraction of requests answered 500
  --slow-ms <ms>          delay every response
  --drop-watch-every <s>  end watches after s seconds
  --history-size <n>      watch events kept for resumption (default 10000)
  --log                   log every request to stderr
`;

/** Parse `runwell sim` arguments. Throws UsageError on bad input. */
export function parseSimulatorArgs(argv: string[]): SimulatorCliOptions & { help?: boolean } {
  const o: SimulatorCliOptions & { help?: boolean } = { port: 6443 };
  let cert: string | undefined;
  let key: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (!FLAGS.has(arg) && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
    }
    const v = value ?? '';
    switch (arg) {
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--port':
        o.port = num('--port', v, 0, 65535);
        break;
      case '--host':
        o.host = v;
        break;
      case '--nodes':
        o.nodes = num('--nodes', v, 1, 100_000);
        break;
      case '--pods':
        o.pods = num('--pods', v, 0, 2_000_000);
        break;
      case '--zones':
        o.zones = num('--zones', v, 1, 64);
        break;
      case '--scenario':
        o.scenario = v;
        break;
      case '--churn':
        o.churnPerSecond = num('--churn', v, 0, 1_000_000, false);
        break;
      case '--seed':
        o.seed = v;
        break;
      case '--token':
        if (!v) throw new UsageError('--token must not be empty');
        o.token = v;
        break;
      case '--tls':
        o.tls = true;
        break;
      case '--tls-cert':
        cert = v;
        break;
      case '--tls-key':
        key = v;
        break;
      case '--kubeconfig':
        o.kubeconfigPath = v;
        break;
      case '--error-rate':
        o.faults = { ...(o.faults ?? {}), errorRate: num('--error-rate', v, 0, 1, false) };
        break;
      case '--slow-ms':
        o.faults = { ...(o.faults ?? {}), slowMs: num('--slow-ms', v, 0, 600_000) };
        break;
      case '--drop-watch-every':
        o.faults = { ...(o.faults ?? {}), dropWatchEverySeconds: num('--drop-watch-every', v, 0, 86_400, false) };
        break;
      case '--history-size':
        o.historySize = num('--history-size', v, 1, 10_000_000);
        break;
      case '--log':
        o.log = (line) => process.stderr.write(`${line}\n`);
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (cert !== undefined && key !== undefined) {
    try {
      o.tls = { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
    } catch (e) {
      throw new UsageError(`cannot read the TLS files: ${(e as Error).message}`);
    }
  }
  if (o.scenario !== undefined && (o.nodes !== undefined || o.pods !== undefined || o.zones !== undefined)) {
    throw new UsageError('--scenario replaces the generated cluster: drop --nodes/--pods/--zones');
  }
  return o;
}

/** Start from parsed options and describe how to connect. */
export async function startFromCli(options: SimulatorCliOptions, out: (line: string) => void): Promise<Simulator> {
  const started = Date.now();
  const sim = await startSimulator(options);
  const pods = sim.store.count(sim.store.registry.lookup('', 'v1', 'pods')!);
  const nodes = sim.store.count(sim.store.registry.lookup('', 'v1', 'nodes')!);
  out(`Kubernetes API simulator listening on ${sim.url} (${nodes} nodes, ${pods} pods, ${sim.store.resourceVersion} objects, ready in ${Date.now() - started} ms)`);
  if (options.kubeconfigPath) {
    writeFileSync(options.kubeconfigPath, sim.kubeconfig(), { mode: 0o600 });
    out(`Wrote ${options.kubeconfigPath}: KUBECONFIG=${options.kubeconfigPath} kubectl get pods -A`);
  } else {
    const flags = [`--server ${sim.url}`, ...(options.tls ? ['--insecure-skip-tls-verify'] : []), ...(options.token ? [`--token ${options.token}`] : [])];
    out(`Try: kubectl ${flags.join(' ')} get pods -A   (add --validate=false to apply)`);
  }
  out(`Prometheus API (synthetic shop metrics): ${sim.prometheusUrl}  (a data source URL; see simulator/README.md)`);
  if (options.churnPerSecond) out(`Churn: about ${options.churnPerSecond} watch events per second`);
  return sim;
}

/** Run until SIGINT/SIGTERM. Resolves with an exit code (0 ok, 2 bad usage, 1 failure). */
export async function runSimulatorCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  let options;
  try {
    options = parseSimulatorArgs(argv);
  } catch (e) {
    process.stderr.write(`runwell sim: ${(e as Error).message}\n`);
    return 2;
  }
  if (options.help) {
    out(SIM_USAGE);
    return 0;
  }
  let sim: Simulator;
  try {
    sim = await startFromCli(options, out);
  } catch (e) {
    process.stderr.write(`runwell sim: ${(e as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  out('Stopping the simulator');
  await sim.close();
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runSimulatorCli(process.argv.slice(2));
}
