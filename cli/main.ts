import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check';
import { registerCluster } from './commands/cluster';
import { registerMigrate } from './commands/migrate';
import { registerRunbooks } from './commands/runbooks';
import { registerSeed } from './commands/seed';
import { registerServe } from './commands/serve';
import { registerSim } from './commands/sim';
import { registerSlo } from './commands/slo';
import { registerUser } from './commands/user';
import { registerWorker } from './commands/worker';
import { CliError, EXIT } from './exit';

// Exit codes: 0 ok, 1 a check failed, 2 bad usage or unreadable input.
export async function main(argv: string[]): Promise<number> {
  const program = new Command('runwell')
    .description('Runwell: the SRE control plane for teams that run Kubernetes in production')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  registerMigrate(program);
  registerUser(program);
  registerServe(program);
  registerWorker(program);
  registerSeed(program);
  registerCheck(program);
  registerSlo(program);
  registerSim(program);
  registerCluster(program);
  registerRunbooks(program);
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
      process.stderr.write(`runwell: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`runwell: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
