import type { Command } from 'commander';
import { disconnectDatabase } from '@/server/database/lifecycle';
import { keysFromEnv } from '@/server/security/secrets';
import { rotateSecrets, sealedKeyIds } from '@/server/security/secrets.service';
import { CliError, EXIT } from '../exit';
import { systemContext } from '../system-context';

// `runwell secrets status|rotate`: step 3 of a key rotation (docs/ops.md).
// Exit codes: 0 done, 1 some secret could not be opened, 2 keys missing or bad.

type Out = { out: (s: string) => void };
const stdio: Out = { out: (s) => process.stdout.write(s) };

function keys() {
  try {
    return keysFromEnv();
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
}

export function registerSecrets(program: Command, io: Out = stdio): void {
  const secrets = program.command('secrets').description('Stored secrets (kubeconfigs, tokens, passwords) and the key that seals them');
  secrets
    .command('status')
    .description('How many stored secrets each key seals')
    .action(async () => {
      const current = keys()[0]!.id;
      try {
        const counts = await sealedKeyIds();
        if (Object.keys(counts).length === 0) io.out('No stored secrets\n');
        for (const [id, n] of Object.entries(counts)) io.out(`${id}${id === current ? ' (current key)' : ''}: ${n}\n`);
      } finally {
        await disconnectDatabase();
      }
    });
  secrets
    .command('rotate')
    .description('Re-seal every stored secret with RUNWELL_SECRET_KEY (opening old ones with RUNWELL_SECRET_KEY_PREVIOUS)')
    .action(async () => {
      const k = keys();
      try {
        const r = await rotateSecrets(systemContext('cli secrets rotate'), k);
        io.out(`Re-sealed ${r.resealed} secret${r.resealed === 1 ? '' : 's'} with key ${r.keyId}; ${r.alreadyCurrent} already used it\n`);
        for (const f of r.failed) io.out(`  ${f.kind} ${f.id}: ${f.error}\n`);
        if (r.failed.length) throw new CliError(`${r.failed.length} secret(s) could not be opened; set RUNWELL_SECRET_KEY_PREVIOUS to the key they were sealed with`, EXIT.failed);
        io.out('Every stored secret now opens with the current key: RUNWELL_SECRET_KEY_PREVIOUS can be removed.\n');
      } finally {
        await disconnectDatabase();
      }
    });
}
