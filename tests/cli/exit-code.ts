import { CliError } from '@/cli/exit';

/** The exit code a CLI command ends with: 0 when it returns, a CliError's code when it throws it. */
export async function exitOf(p: Promise<void>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    if (e instanceof CliError) return e.exitCode;
    throw e;
  }
}
