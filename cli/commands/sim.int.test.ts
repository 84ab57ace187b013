import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerSim } from './sim';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runwell sim', () => {
  it('serves the shop scenario, writes a kubeconfig and stops on SIGINT', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'sim-cli-')), 'kubeconfig');
    const program = new Command('runwell').exitOverride();
    registerSim(program);
    const running = program.parseAsync(['sim', '--port', '0', '--scenario', 'shop', '--token', 'xyz', '--kubeconfig', kubeconfig], { from: 'user' });
    const deadline = Date.now() + 20_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /listening on (http:\/\/\S+)/.exec(lines.join(''))?.[1];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(url).toBeDefined();
    const nodes = await fetch(`${url}/api/v1/nodes`, { headers: { authorization: 'Bearer xyz' } });
    expect(nodes.status).toBe(200);
    expect((await nodes.json()).items).toHaveLength(9);
    expect((await fetch(`${url}/api/v1/nodes`)).status).toBe(401);
    const kc = readFileSync(kubeconfig, 'utf8');
    expect(kc).toContain(`server: ${url}`);
    expect(kc).toContain('token: "xyz"');
    process.emit('SIGINT');
    await running;
    expect(lines.join('')).toContain('Stopping the simulator');
    await expect(fetch(`${url}/version`)).rejects.toThrow();
  });

  it('rejects bad options with a usage error', async () => {
    const program = new Command('runwell').exitOverride();
    registerSim(program);
    await expect(program.parseAsync(['sim', '--nodes', 'zero'], { from: 'user' })).rejects.toMatchObject({ exitCode: 2 });
  });
});
