// End-to-end: `bin/tickwire serve` (embedded synthetic feed) + the dashboard in headless Chromium.
// Asserts that prices and candles update live over MessagePack, and keeps a screenshot as a test artefact.
// Run: node --test tests/e2e/   (needs /usr/bin/chromium and gateway/dashboard/node_modules from `npm ci`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repo, requireDashboardPackage, waitFor } from './support.mjs';

const { chromium } = requireDashboardPackage('playwright-core');

test('dashboard shows live prices and candles from the embedded feed', { timeout: 180_000 }, async () => {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-e2e-'));
  const artefacts = join(repo, 'build-artifacts');
  mkdirSync(artefacts, { recursive: true });
  const serve = spawn(join(repo, 'bin', 'tickwire'), ['serve', '--data-dir', dataDir,
    '--set', `http.port=${port}`, '--set', 'feed.rate=2000', '--set', 'engine.cpu=none'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  serve.stdout.on('data', (d) => { log += d; });
  serve.stderr.on('data', (d) => { log += d; });
  const profile = mkdtempSync(join(tmpdir(), 'tickwire-chromium-'));
  let context;
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok, 90_000, 'serve to be ready');
    await waitFor(async () => (await (await fetch(`http://127.0.0.1:${port}/api/symbols`)).json()).length > 0,
      30_000, 'symbols');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 800 },
    });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const external = [];
    page.on('request', (r) => { if (!r.url().startsWith(`http://127.0.0.1:${port}`) && !r.url().startsWith('ws://127.0.0.1')) external.push(r.url()); });
    await page.goto(`http://127.0.0.1:${port}/?tf=1s`);

    await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent === 'live', null, { timeout: 30_000 });
    const rows = await page.locator('[data-testid=watchlist] tr').count();
    assert.ok(rows > 5, `watchlist rows: ${rows}`);

    const first = await page.evaluate(() => ({ ...window.__tickwire }));
    await page.waitForFunction((n) => window.__tickwire.barUpdates > n + 5 && window.__tickwire.trades > 5,
      first.barUpdates, { timeout: 30_000 });
    // Prices move: the selected symbol's last trade price changes within a few seconds.
    const seen = new Set();
    await waitFor(async () => {
      seen.add(await page.evaluate(() => window.__tickwire.lastTrade && window.__tickwire.lastTrade.p));
      return seen.size >= 3;
    }, 30_000, 'three distinct trade prices');
    // Candles: the chart holds bars and the latest bar is the live one.
    const lastBar = await page.evaluate(() => window.__tickwire.lastBar);
    assert.ok(lastBar && lastBar.o > 0 && lastBar.h >= lastBar.l, JSON.stringify(lastBar));
    assert.ok(await page.locator('[data-testid=tape] tr').count() > 0, 'trades tape has rows');
    // Switch timeframe: a new snapshot arrives for it.
    const snapshots = await page.evaluate(() => window.__tickwire.snapshots);
    await page.click('[data-testid=timeframes] button[data-tf="1m"]');
    await page.waitForFunction((n) => window.__tickwire.snapshots > n, snapshots, { timeout: 15_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(artefacts, 'dashboard.png') });

    assert.deepEqual(pageErrors, []);
    assert.deepEqual(external, [], 'nothing loaded from outside the server');
    assert.deepEqual(await page.evaluate(() => window.__tickwire.errors), []);
  } catch (e) {
    console.error(log.split('\n').slice(-30).join('\n'));
    throw e;
  } finally {
    if (context) await context.close();
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
