// axe-core (injected from node_modules) finds no serious or critical violation in the banner
// and the portal, for every severity, in light and dark mode, on a phone and a desktop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setUp, newPage, pauseClock, openDemo } from './helpers.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.close(); });

async function axe(page) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run({ include: [['respite-banner'], ['respite-portal']] }, {
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

const accounts = ['acct_devries', 'acct_mueller', 'acct_harbourlane', 'acct_lumiere', 'acct_olivo', 'acct_northwind', 'acct_bergblick'];
for (const colorScheme of ['light', 'dark']) {
  for (const account of accounts) {
    test(`axe: ${account}, ${colorScheme}`, async () => {
      const page = await newPage(env);
      try {
        // No paused page clock here: axe schedules its work with timers. The demo starts its
        // own clock at the sample data's instant.
        await page.emulateMedia({ colorScheme });
        await openDemo(page, env, { account, lang: 'en' });
        assert.deepEqual(await axe(page), []);
      } finally {
        await page.close();
      }
    });
  }
}

test('axe: 375 px phone, Dutch, restricted', async () => {
  const page = await newPage(env, { width: 375, height: 800 });
  try {
    await openDemo(page, env, { account: 'acct_chaicode', lang: 'nl' });
    assert.deepEqual(await axe(page), []);
  } finally {
    await page.close();
  }
});

test('severity is never colour alone: a text label and a distinct icon shape per severity', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    const seen = {};
    for (const account of ['acct_devries', 'acct_mueller', 'acct_harbourlane']) {
      await openDemo(page, env, { account, lang: 'en' });
      seen[account] = await page.evaluate(() => {
        const root = document.querySelector('respite-banner').shadowRoot;
        return { tag: root.querySelector('.tag').textContent, icon: root.querySelector('svg.icon path, svg.icon circle').outerHTML };
      });
    }
    const tags = Object.values(seen).map((s) => s.tag);
    const icons = Object.values(seen).map((s) => s.icon);
    assert.deepEqual(tags, ['Notice', 'Warning', 'Urgent']);
    assert.equal(new Set(icons).size, 3);
  } finally {
    await page.close();
  }
});

test('reduced motion switches the entrance animation off', async () => {
  const page = await newPage(env);
  try {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
    const animation = await page.evaluate(() => getComputedStyle(document.querySelector('respite-banner').shadowRoot.querySelector('.banner')).animationName);
    assert.equal(animation, 'none');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    const animated = await page.evaluate(() => getComputedStyle(document.querySelector('respite-banner').shadowRoot.querySelector('.banner')).animationName);
    assert.equal(animated, 'respite-enter');
  } finally {
    await page.close();
  }
});

test('themable from outside: custom properties and ::part()', async () => {
  const page = await newPage(env);
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(`respite-banner { --respite-warning-background: rgb(1, 2, 3); --respite-radius: 0px; }
        respite-banner::part(title) { text-decoration: underline; }
        respite-portal::part(amount) { letter-spacing: 3px; }`);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    });
    const styles = await page.evaluate(() => {
      const banner = document.querySelector('respite-banner').shadowRoot;
      const portal = document.querySelector('respite-portal').shadowRoot;
      return {
        background: getComputedStyle(banner.querySelector('.banner')).backgroundColor,
        radius: getComputedStyle(banner.querySelector('.banner')).borderTopLeftRadius,
        title: getComputedStyle(banner.querySelector('.title')).textDecorationLine,
        amount: getComputedStyle(portal.querySelector('[part="amount"]')).letterSpacing,
      };
    });
    assert.deepEqual(styles, { background: 'rgb(1, 2, 3)', radius: '0px', title: 'underline', amount: '3px' });
  } finally {
    await page.close();
  }
});
