import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './exit';

type Register = (program: Command) => void;

// Commands load lazily: `runwell check` in a CI pipeline should not pay for
// loading the web server, the job queue and the simulator. Order = help order.
const COMMANDS: Record<string, () => Promise<Register>> = {
  migrate: async () => (await import('./commands/migrate')).registerMigrate,
  user: async () => (await import('./commands/user')).registerUser,
  token: async () => (await import('./commands/token')).registerToken,
  serve: async () => (await import('./commands/serve')).registerServe,
  worker: async () => (await import('./commands/worker')).registerWorker,
  seed: async () => (await import('./commands/seed')).registerSeed,
  check: async () => (await import('./commands/check')).registerCheck,
  change: async () => (await import('./commands/change')).registerChange,
  slo: async () => (await import('./commands/slo')).registerSlo,
  sim: async () => (await import('./commands/sim')).registerSim,
  cluster: async () => (await import('./commands/cluster')).registerCluster,
  runbooks: async () => (await import('./commands/runbooks')).registerRunbooks,
  secrets: async () => (await import('./commands/secrets')).registerSecrets,
  toil: async () => (await import('./commands/toil')).registerToil,
  security: async () => (await import('./commands/security')).registerSecurity,
  report: async () => (await import('./commands/report')).registerReport,
};

// The command named on the line, or every command (for help and for errors
// that list the commands).
export function commandsToLoad(argv: string[]): string[] {
  const named = argv.find((arg) => !arg.startsWith('-'));
  return named && named in COMMANDS ? [named] : Object.keys(COMMANDS);
}

// Exit codes: 0 ok, 1 a check failed, 2 bad usage or unreadable input.
export async function main(argv: string[]): Promise<number> {
  const program = new Command('runwell')
    .description('Runwell: the SRE control plane for teams that run Kubernetes in production')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  for (const name of commandsToLoad(argv)) (await COMMANDS[name]!())(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      // An empty message: a child process has already said what went wrong.
      if (error.message) process.stderr.write(`runwell: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`runwell: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
