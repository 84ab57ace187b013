import type { Command } from 'commander';
import { parseSimulatorArgs, startFromCli, UsageError } from '@/simulator/cli';
import { CliError, EXIT } from '../exit';

type SimFlags = Record<string, string | boolean | undefined>;

// commander's parsed flags back to the simulator's own argv grammar (one parser).
function toArgv(flags: SimFlags): string[] {
  const argv: string[] = [];
  const names: [keyof SimFlags, string][] = [
    ['port', '--port'],
    ['host', '--host'],
    ['nodes', '--nodes'],
    ['pods', '--pods'],
    ['zones', '--zones'],
    ['scenario', '--scenario'],
    ['churn', '--churn'],
    ['seed', '--seed'],
    ['token', '--token'],
    ['tlsCert', '--tls-cert'],
    ['tlsKey', '--tls-key'],
    ['kubeconfig', '--kubeconfig'],
    ['errorRate', '--error-rate'],
    ['slowMs', '--slow-ms'],
    ['dropWatchEvery', '--drop-watch-every'],
    ['historySize', '--history-size'],
  ];
  for (const [key, flag] of names) if (typeof flags[key] === 'string') argv.push(flag, flags[key] as string);
  if (flags.tls === true) argv.push('--tls');
  if (flags.log === true) argv.push('--log');
  return argv;
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('Serve a simulated Kubernetes API (demo cluster and test bed; kubectl and client libraries work against it)')
    .option('--port <n>', 'listen port (0 = random)', '6443')
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .option('--nodes <n>', 'generated nodes (default 10)')
    .option('--pods <n>', 'generated pods (default 250)')
    .option('--zones <n>', 'availability zones (default 3)')
    .option('--scenario <file|shop>', 'initial objects from a YAML/JSON file, or the bundled "shop" demo')
    .option('--churn <eventsPerSecond>', 'churn: watch events per second', '0')
    .option('--seed <s>', 'seed for every random choice', 'runwell')
    .option('--token <t>', 'require "Authorization: Bearer <t>"')
    .option('--tls', 'HTTPS with a self-signed certificate (needs openssl)')
    .option('--tls-cert <file>', 'HTTPS certificate (PEM), with --tls-key')
    .option('--tls-key <file>', 'HTTPS private key (PEM)')
    .option('--kubeconfig <file>', 'write a kubeconfig pointing at the simulator')
    .option('--error-rate <0..1>', 'fault injection: fraction of requests answered 500')
    .option('--slow-ms <ms>', 'fault injection: delay every response')
    .option('--drop-watch-every <seconds>', 'fault injection: end watches after this many seconds')
    .option('--history-size <n>', 'watch events kept for resumption', '10000')
    .option('--log', 'log every request to stderr')
    .action(async (flags: SimFlags) => {
      let options;
      try {
        options = parseSimulatorArgs(toArgv(flags));
      } catch (e) {
        if (e instanceof UsageError) throw new CliError(e.message, EXIT.usage);
        throw e;
      }
      let sim;
      try {
        sim = await startFromCli(options, (line) => process.stdout.write(`${line}\n`));
      } catch (e) {
        throw new CliError((e as Error).message, EXIT.failed);
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      process.stdout.write('Stopping the simulator\n');
      await sim.close();
    });
}
