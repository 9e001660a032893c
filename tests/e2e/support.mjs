// Helpers shared by the end-to-end tests (not a test file itself: node --test runs *.test.mjs).
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** require() for the npm packages installed by the gateway build (gateway/dashboard/node_modules). */
export const requireDashboardPackage = createRequire(join(repo, 'gateway', 'dashboard', 'package.json'));

/** A TCP port free on loopback right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

/** Polls check() every 200 ms until it answers true (exceptions count as not yet); throws after timeoutMs. */
export async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { if (await check()) return; } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
