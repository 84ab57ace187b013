#!/usr/bin/env node
// Entry point of the `runwell` CLI. The sources are TypeScript; tsx compiles them
// on the fly so that the CLI, the workers and the tests run the same code.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
