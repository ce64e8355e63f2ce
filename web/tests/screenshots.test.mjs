// Writes the pictures for the README and for review to web/screenshots/: the banner in each
// severity (light and dark, desktop and phone) and the portal at 375 px and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setUp, newPage, pauseClock, openDemo, screenshotDir } from './helpers.mjs';

let env;
before(async () => {
  env = await setUp();
  await mkdir(screenshotDir, { recursive: true });
});
after(async () => { await env?.close(); });

async function shoot(target, file) {
  const path = join(screenshotDir, file);
  await target.screenshot({ path, animations: 'disabled' });
  const info = await stat(path);
  assert.ok(info.size > 2000, `${file} has content`);
}

const severities = [
  ['info', 'acct_devries'],
  ['warning', 'acct_mueller'],
  ['critical', 'acct_harbourlane'],
  ['suspended', 'acct_lumiere'],
];

for (const colorScheme of ['light', 'dark']) {
  test(`banner in each severity, ${colorScheme}`, async () => {
    const page = await newPage(env, { width: 1100, height: 700 });
    try {
      await page.emulateMedia({ colorScheme });
      await pauseClock(page);
      for (const [severity, account] of severities) {
        await openDemo(page, env, { account, lang: 'en' });
        const suffix = colorScheme === 'dark' ? '-dark' : '';
        await shoot(page.locator('respite-banner'), `banner-${severity}${suffix}.png`);
      }
    } finally {
      await page.close();
    }
  });
}

test('banner on a 375 px phone, in Dutch and German', async () => {
  const page = await newPage(env, { width: 375, height: 740 });
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_mueller', lang: 'de' });
    await shoot(page.locator('respite-banner'), 'banner-warning-375-de.png');
    await openDemo(page, env, { account: 'acct_harbourlane', lang: 'nl' });
    await shoot(page.locator('respite-banner'), 'banner-critical-375-nl.png');
  } finally {
    await page.close();
  }
});

for (const [width, height] of [[1280, 900], [375, 812]]) {
  test(`portal at ${width} px`, async () => {
    const page = await newPage(env, { width, height });
    try {
      await pauseClock(page);
      await openDemo(page, env, { account: 'acct_mueller', lang: 'en' });
      await shoot(page.locator('#app'), `portal-${width}.png`);
      await openDemo(page, env, { account: 'acct_harbourlane', lang: 'fr' });
      await shoot(page.locator('respite-portal'), `portal-${width}-restricted-fr.png`);
      if (width === 1280) {
        await page.emulateMedia({ colorScheme: 'dark' });
        await openDemo(page, env, { account: 'acct_chaicode', lang: 'en' });
        await shoot(page.locator('#app'), 'portal-1280-dark.png');
        await page.emulateMedia({ colorScheme: 'light' });
        await openDemo(page, env, { account: 'acct_bergblick', lang: 'es' });
        await page.setViewportSize({ width, height: 760 });
        await shoot(page, 'demo-1280.png');
      }
    } finally {
      await page.close();
    }
  });
}

test('hostile strings at 375 px (for review)', async () => {
  const page = await newPage(env, { width: 375, height: 812 });
  try {
    await pauseClock(page);
    await openDemo(page, env, { account: 'acct_</script><img src=x onerror=window.__pwned=5>', lang: 'en' });
    await shoot(page.locator('#app'), 'hostile-375.png');
  } finally {
    await page.close();
  }
});
