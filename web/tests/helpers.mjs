// Shared set-up for the browser tests: the real demo server on a free port, Debian's Chromium
// through playwright-core with the flags from shared/TOOLCHAIN.md and a fresh user-data-dir,
// and small readers for what the banner and portal show.
import { mkdtemp, rm, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, defaultPackageDir } from '../../examples/portal-demo/server.mjs';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const packageDir = defaultPackageDir();
export const screenshotDir = join(repoRoot, 'web/screenshots');

// The instant the sample data is built around (and the demo's clock starts at).
export const T0 = '2026-12-04T15:00:00Z';

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function assertPackageBuilt() {
  try {
    await access(join(packageDir, 'index.mjs'));
  } catch {
    throw new Error(`no wasm package at ${packageDir}: run cmake --preset wasm && cmake --build build/wasm -j1`);
  }
}

// One server and one browser for a test file; close() stops both and removes the profile.
export async function setUp() {
  await assertPackageBuilt();
  const server = await startServer({ port: 0, packageDir, quiet: true });
  const profile = await mkdtemp(join(tmpdir(), 'respite-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
  } catch (error) {
    await server.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    origin: server.origin,
    context,
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// A new page that records console errors, page errors and CSP violations.
export async function newPage(env, { width = 1280, height = 900 } = {}) {
  const page = await env.context.newPage();
  await page.setViewportSize({ width, height });
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  return page;
}

// Fixes the page clock at `at` (paused: timers run only when a test advances the clock).
export async function pauseClock(page, at = T0) {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  await page.clock.install({ time: ms - 1000 });
  await page.clock.pauseAt(ms);
}

export function demoUrl(env, { account, lang, now } = {}) {
  const url = new URL('/', env.origin);
  if (account) url.searchParams.set('account', account);
  if (lang) url.searchParams.set('lang', lang);
  if (now) url.searchParams.set('now', now);
  return url.href;
}

// Opens the demo for an account and waits until the portal has rendered its evaluation.
export async function openDemo(page, env, options = {}) {
  await page.goto(demoUrl(env, options));
  await page.waitForFunction(() => {
    const portal = document.querySelector('respite-portal');
    return portal?.result && portal.shadowRoot.querySelector('.portal');
  });
  return page;
}

// Whitespace as people see it: NBSP and narrow NBSP (Intl uses both) become plain spaces.
export function normalize(text) {
  return String(text ?? '').replace(/\s+/g, ' ').trim();
}

export async function bannerParts(page) {
  return page.evaluate(() => {
    const banner = document.querySelector('respite-banner');
    const root = banner.shadowRoot;
    const pick = (selector) => root.querySelector(selector)?.textContent ?? null;
    const section = root.querySelector('section.banner');
    return {
      shown: Boolean(section),
      severity: section?.dataset.severity ?? null,
      role: section?.getAttribute('role') ?? null,
      tag: pick('.tag'),
      title: pick('.title'),
      message: pick('.message'),
      countdown: pick('.countdown'),
      actions: [...root.querySelectorAll('.actions button')].map((b) => ({ type: b.dataset.action, text: b.textContent })),
      dismissible: Boolean(root.querySelector('.dismiss')),
    };
  }).then((parts) => Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, typeof v === 'string' ? normalize(v) : v])));
}

export async function portalText(page, selector = '.portal') {
  return normalize(await page.evaluate((sel) => document.querySelector('respite-portal').shadowRoot.querySelector(sel)?.textContent ?? '', selector));
}

// Waits until the banner's visible text matches (a string it contains, or a RegExp).
export async function waitForBanner(page, pattern, timeout = 5000) {
  await page.waitForFunction((p) => {
    const root = document.querySelector('respite-banner')?.shadowRoot;
    const text = (root?.textContent ?? '').replace(/\s+/g, ' ');
    return p.regex ? new RegExp(p.source, p.flags).test(text) : text.includes(p.text);
  }, pattern instanceof RegExp ? { regex: true, source: pattern.source, flags: pattern.flags } : { text: pattern }, { timeout });
}
