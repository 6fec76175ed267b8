import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, FLAGSHIP, openEpisode, screenshot, seriesCards } from './support';

/**
 * The viewer journey through the gateway, as a person does it: anonymous browsing and a free episode, the paywall,
 * registration at Keycloak, an empty wallet, a refused unlock, a coin pack bought by card, an unlock that opens the episode without a
 * reload, and the VIP plans. Runs against the real local system (gateway, Keycloak, services): nothing is mocked.
 */

/** Opens the app; a page served as anything but HTML (a gateway without MIME types) would never start it. */
async function openApp(page: Page): Promise<void> {
  const response = await page.goto('/');
  expect(response?.headers()['content-type'] ?? '', 'the app page is served as HTML').toMatch(/^text\/html/);
}

/**
 * Collects uncaught errors and Content-Security-Policy refusals in the page: the app must not throw on the way, and
 * the gateway's CSP for the app must allow everything it does (a refused script, style or call would show here).
 */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

/** True when an MPEG-TS segment carries anything but null packets (PID 0x1FFF), i.e. a stream a browser can decode. */
function carriesMedia(segment: Buffer): boolean {
  for (let at = 0; at + 188 <= segment.length; at += 188) {
    const pid = ((segment[at + 1]! & 0x1f) << 8) | segment[at + 2]!;
    if (segment[at] === 0x47 && pid !== 0x1fff) return true;
  }
  return false;
}

/**
 * Opens an episode and proves its playback: the signed playlist and a segment come from the media edge (200) into
 * the <video>, which decodes them (readyState, no error): the local sample media are a real H.264/AAC test picture
 * (deploy/gateway/sample-video).
 */
async function expectEpisodePlays(page: Page, open: () => Promise<unknown>): Promise<void> {
  const manifest = page.waitForResponse((response) => /\/media\/.+\.m3u8$/.test(response.url()));
  const segment = page.waitForResponse((response) => /\/media\/.+\.ts$/.test(response.url()));
  await open();
  expect((await manifest).status(), 'the signed playlist').toBe(200);
  const firstSegment = await segment;
  expect(firstSegment.status(), 'the first segment').toBe(200);
  const video = page.locator('main video');
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.currentSrc), { message: 'the video has a source' }).not.toBe('');
  expect(carriesMedia(await firstSegment.body()), 'the segment carries audio/video, not null packets').toBe(true);
  await page.waitForFunction(() => {
    const element = document.querySelector<HTMLVideoElement>('main video');
    return !!element && element.error === null && (element.readyState >= 2 || element.currentTime > 0);
  }, undefined, { timeout: 30_000 });
  await expect(page.locator('main .status.error')).toHaveCount(0);
}

test('English: browse, free episode, paywall, register, wallet, insufficient coins, coin pack, unlock and play, VIP', async ({ page }) => {
  const pageErrors = watchPageErrors(page);

  await test.step('anonymous browse in English shows the series cards', async () => {
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Series' })).toBeVisible();
    await expect(seriesCards(page).first()).toBeVisible();
    await expect(seriesCards(page).filter({ hasText: FLAGSHIP.titles.en })).toHaveCount(1);
    await expectAccessible(page, 'browse');
    await screenshot(page, 'browse');
  });

  await test.step('the flagship series lists free and paid episodes', async () => {
    await seriesCards(page).filter({ hasText: FLAGSHIP.titles.en }).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: FLAGSHIP.titles.en })).toBeVisible();
    const episodes = page.locator('main ol.episodes > li');
    await expect(episodes.first()).toContainText('Free');
    await expect(episodes.nth(FLAGSHIP.paidEpisode - 1)).toContainText('60 coins');
    await expectAccessible(page, 'series');
    await screenshot(page, 'series');
  });

  await test.step('a free episode plays without an account', async () => {
    await expectEpisodePlays(page, () => openEpisode(page, FLAGSHIP.freeEpisode));
    await expectAccessible(page, 'player');
  });

  await test.step('at its end the player offers the next episode, which plays', async () => {
    // seek near the end instead of watching it all; muted, as a browser lets a page play on its own
    await page.locator('main video').evaluate(async (element: HTMLVideoElement) => {
      element.muted = true;
      element.currentTime = Math.max(0, (Number.isFinite(element.duration) ? element.duration : 6) - 0.5);
      await element.play();
    });
    const next = page.getByRole('link', { name: `Next episode: Episode ${FLAGSHIP.freeEpisode + 1}` });
    await expect(next).toBeVisible({ timeout: 20_000 });
    await expect(next).toBeFocused();
    await expectEpisodePlays(page, () => next.click());
  });

  await test.step('a paid episode asks an anonymous viewer to sign in', async () => {
    await page.goto(`/#/series/${FLAGSHIP.id}/watch/${FLAGSHIP.id}-ep-0${FLAGSHIP.paidEpisode}`);
    await expect(page.getByRole('heading', { level: 2, name: 'This episode is locked' })).toBeVisible();
    const paywall = page.locator('main .paywall');
    await expect(paywall).toContainText('Sign in to unlock this episode.');
    await expect(paywall).toContainText('Unlock this episode for 60 coins');
    await expect(paywall).toContainText('Unlock the whole series for 450 coins');
    await expectAccessible(page, 'paywall (signed out)');
  });

  const username = `viewer-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  await test.step('register a new viewer on Keycloak and come back signed in', async () => {
    await page.locator('#app-header').getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/realms\/microdrama\/.*(registration|openid-connect\/auth)/);
    await page.locator('#username').fill(username);
    await page.locator('#email').fill(`${username}@example.com`);
    await page.locator('#firstName').fill('Test');
    await page.locator('#lastName').fill('Viewer');
    await page.locator('#password').fill('Viewer-pass-1');
    await page.locator('#password-confirm').fill('Viewer-pass-1');
    await page.locator('#birthdate').fill('1990-04-15');
    await page.locator('input[type=submit], button[type=submit]').first().click();
    // Back in the app, on the screen the viewer left (the paid episode), now signed in.
    await page.waitForURL((url) => url.port === new URL(page.url()).port && !url.pathname.includes('/realms/') && url.hash.includes('/watch/'));
    await expect(page.locator('#app-header')).toContainText(`Signed in as ${username}`);
    expect(new URL(page.url()).search, 'the code and state are removed from the address').toBe('');
  });

  await test.step('the paywall offers every way to unlock', async () => {
    const paywall = page.locator('main .paywall');
    await expect(paywall.getByRole('heading', { name: 'This episode is locked' })).toBeVisible();
    await expect(paywall.getByRole('button', { name: 'Unlock this episode for 60 coins' })).toBeVisible();
    await expect(paywall.getByRole('button', { name: /Unlock the whole series for/ })).toBeVisible();
    await expect(paywall.getByRole('link', { name: /VIP/ })).toBeVisible();
    await expect(paywall.getByRole('link', { name: 'Buy coins' })).toBeVisible();
    await expect(paywall.locator('.balance')).toHaveText('Your balance: 0 coins');
    await expectAccessible(page, 'paywall');
    await screenshot(page, 'paywall');
  });

  await test.step('the wallet of a new viewer shows 0 coins', async () => {
    await page.locator('#app-header').getByRole('link', { name: 'Wallet' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Wallet' })).toBeVisible();
    await expect(page.locator('main .wallet-summary dd.balance')).toHaveText('0 coins');
    await expectAccessible(page, 'wallet (empty)');
  });

  await test.step('unlocking without coins says so clearly', async () => {
    await page.goBack();
    const paywall = page.locator('main .paywall');
    await paywall.getByRole('button', { name: 'Unlock this episode for 60 coins' }).click();
    await expect(paywall.getByRole('alert')).toHaveText('Not enough coins. Buy a coin pack and try again.');
  });

  await test.step('the coin store lists the packs of the market', async () => {
    await page.locator('#app-header').getByRole('link', { name: 'Coins' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Coin store' })).toBeVisible();
    await expect(page.locator('main li.pack').first()).toBeVisible();
    await expectAccessible(page, 'store');
    await screenshot(page, 'store');
  });

  // The smallest pack: 100 coins for 0.99 USD in the US market, enough for one 60-coin episode.
  const smallestPack = page.locator('main li.pack').filter({ hasText: '100 coins' }).first();

  await test.step('a declined test card fails the purchase and adds nothing', async () => {
    await page.getByRole('radio', { name: 'Card that is declined' }).check();
    await smallestPack.getByRole('button', { name: /^Buy for / }).click();
    await expect(page.locator('main').getByRole('alert')).toContainText('Payment failed:');
  });

  // The 500-coin pack comes with 50 bonus coins, which expire: the wallet shows them apart, with their date.
  const bonusPack = page.locator('main li.pack').filter({ hasText: '500 coins' }).first();

  await test.step('the succeeding test card buys coins through Stripe', async () => {
    // The card step goes to the Stripe emulator through the gateway's /stripe/ (publishable key + client secret);
    // the coins count only once payment-service has Stripe's signed webhook, which the store waits for.
    await page.getByRole('radio', { name: 'Card that succeeds' }).check();
    await bonusPack.getByRole('button', { name: /^Buy for / }).click();
    await expect(page.locator('main .status').filter({ hasText: 'Payment complete' })).toHaveText('Payment complete: 550 coins added to your wallet.', { timeout: 60_000 });
  });

  await test.step('the wallet shows the purchase and its bonus coins with their expiry', async () => {
    await page.locator('#app-header').getByRole('link', { name: 'Wallet' }).click();
    await expect(page.locator('main .wallet-summary dd.balance')).toHaveText('550 coins');
    await expect(page.locator('main ul.bonus-lots')).toContainText(/50 coins of 50 coins, expires \w+ \d+, \d{4}/);
    await expect(page.locator('main table.ledger')).toContainText('+500');
    await expectAccessible(page, 'wallet');
    await screenshot(page, 'wallet');
  });

  await test.step('unlocking the episode opens it without a reload', async () => {
    await page.goto(`/#/series/${FLAGSHIP.id}/watch/${FLAGSHIP.id}-ep-0${FLAGSHIP.paidEpisode}`);
    const paywall = page.locator('main .paywall');
    await expect(paywall.locator('.balance')).toHaveText('Your balance: 550 coins');
    // A marker on window survives only if the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { journeyMarker: string }).journeyMarker = 'same page'));
    await expectEpisodePlays(page, () => paywall.getByRole('button', { name: 'Unlock this episode for 60 coins' }).click());
    expect(await page.evaluate(() => (window as unknown as { journeyMarker?: string }).journeyMarker)).toBe('same page');
  });

  await test.step('the series page shows the episode as owned', async () => {
    await page.goto(`/#/series/${FLAGSHIP.id}`);
    await expect(page.locator('main ol.episodes > li').nth(FLAGSHIP.paidEpisode - 1)).toContainText('Owned');
  });

  await test.step('the VIP page shows the plans', async () => {
    await page.locator('#app-header').getByRole('link', { name: 'VIP' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'VIP' })).toBeVisible();
    const plans = page.locator('main li.plan');
    await expect(plans).toHaveCount(3);
    await expect(plans.first()).toContainText('$');
    await expect(page.locator('main').getByText(/free trial|trial/i).first()).toBeVisible();
    await expectAccessible(page, 'VIP');
    await screenshot(page, 'vip');
  });

  await test.step('VIP: subscribe with the free trial, cancel the renewal, resume it', async () => {
    const main = page.locator('main');
    await main.locator('li.plan').filter({ hasText: 'free trial' }).first().getByRole('button', { name: 'Subscribe' }).click();
    await expect(main.locator('.subscription')).toContainText('Status: Free trial');
    await expect(main.locator('.subscription')).toContainText('Renews on');
    await expect(main.locator('li.plan')).toHaveCount(0);
    await expectAccessible(page, 'VIP (subscribed)');
    await screenshot(page, 'vip-subscribed');

    await main.getByRole('button', { name: 'Cancel renewal' }).click();
    await expect(main.locator('.subscription')).toContainText('VIP until');
    await main.getByRole('button', { name: 'Resume' }).click();
    await expect(main.locator('.subscription')).toContainText('Renews on');
    await expect(main.getByRole('button', { name: 'Cancel renewal' })).toBeVisible();
  });

  await test.step('an expired access token is renewed with the refresh token, not signed out', async () => {
    // As after a long pause: the stored session's access token has run out when the page (re)loads.
    await page.evaluate(() => {
      for (let i = 0; i < sessionStorage.length; i += 1) {
        const key = sessionStorage.key(i);
        if (!key?.startsWith('oidc.user:')) continue;
        const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { expires_at?: number };
        stored.expires_at = Math.floor(Date.now() / 1000) - 60;
        sessionStorage.setItem(key, JSON.stringify(stored));
      }
    });
    const refresh = page.waitForRequest((request) => request.url().endsWith('/protocol/openid-connect/token')
      && (request.postData() ?? '').includes('grant_type=refresh_token'));
    await page.goto('/#/wallet');
    await page.reload();
    await refresh;
    await expect(page.locator('#app-header')).toContainText(`Signed in as ${username}`);
    await expect(page.locator('main .wallet-summary dd.balance')).toHaveText('490 coins');
  });

  await test.step('sign out, then sign in again with the new account', async () => {
    // Sign-out ends the Keycloak session too: a round trip through its logout endpoint back to the app.
    const appOrigin = new URL(page.url()).origin;
    const backFromLogout = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame() && frame.url().startsWith(appOrigin));
    await page.locator('#app-header').getByRole('button', { name: 'Sign out' }).click();
    await backFromLogout;
    await page.waitForLoadState('load');
    await expect(page.locator('#app-header').getByRole('button', { name: 'Sign in' })).toBeVisible();
    await page.locator('#app-header').getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/realms\/microdrama\/protocol\/openid-connect\/auth/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill('Viewer-pass-1');
    await page.locator('#kc-login').click();
    await expect(page.locator('#app-header')).toContainText(`Signed in as ${username}`);
    await page.locator('#app-header').getByRole('link', { name: 'Wallet' }).click();
    await expect(page.locator('main .wallet-summary dd.balance')).toHaveText('490 coins');
  });

  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});

const LANGUAGES = [
  { code: 'ar', dir: 'rtl', browse: 'المسلسلات', paywall: 'هذه الحلقة مقفلة', signIn: 'سجّل الدخول لفتح هذه الحلقة.' },
  { code: 'ja', dir: 'ltr', browse: 'シリーズ', paywall: 'このエピソードはロックされています', signIn: 'このエピソードを解放するにはログインしてください。' },
] as const;

for (const language of LANGUAGES) {
  test(`${language.code}: picker, browse, series page and paywall in the viewer's language`, async ({ page }) => {
    const pageErrors = watchPageErrors(page);
    await openApp(page);
    await expect(seriesCards(page).first()).toBeVisible();
    await page.locator('#language-picker').selectOption(language.code);

    await expect(page.locator('html')).toHaveAttribute('lang', language.code);
    await expect(page.locator('html')).toHaveAttribute('dir', language.dir);
    await expect(page.getByRole('heading', { level: 1, name: language.browse })).toBeVisible();
    const flagship = seriesCards(page).filter({ hasText: FLAGSHIP.titles[language.code] });
    await expect(flagship).toHaveCount(1);
    await expectAccessible(page, `browse (${language.code})`);
    await screenshot(page, `browse-${language.code}`);

    await flagship.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: FLAGSHIP.titles[language.code] })).toBeVisible();
    await expectAccessible(page, `series (${language.code})`);

    await openEpisode(page, FLAGSHIP.paidEpisode);
    await expect(page.getByRole('heading', { level: 2, name: language.paywall })).toBeVisible();
    const paywall = page.locator('main .paywall');
    await expect(paywall).toContainText(language.signIn);
    // The prices are written with the language's own digits (Arabic-Indic in Arabic).
    await expect(paywall).toContainText(new Intl.NumberFormat(language.code).format(60));
    await expect(paywall).toContainText(new Intl.NumberFormat(language.code).format(450));
    await expect(page.locator('html')).toHaveAttribute('dir', language.dir);
    await expectAccessible(page, `paywall (${language.code})`);
    await screenshot(page, `paywall-${language.code}`);

    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });
}

test('Keycloak unreachable: browsing goes on, and Sign in says it cannot connect instead of doing nothing', async ({ page }) => {
  // Every request to the identity provider fails as a stopped Keycloak's refused connection does; the app and the
  // API behind the gateway stay up (the bench's keycloak-down scenario covers the services' side).
  let refused = 0;
  await page.route(/\/realms\//, (route) => {
    refused += 1;
    return route.abort('connectionrefused');
  });
  const pageErrors = watchPageErrors(page);
  await openApp(page);
  await expect(seriesCards(page).first()).toBeVisible();
  const alert = page.locator('#auth-status');
  await expect(alert).toBeEmpty();
  await page.locator('#app-header').getByRole('button', { name: 'Sign in' }).click();
  await expect(alert).toHaveText('No connection. Check your network and try again.');
  expect(refused, 'the sign-in went to Keycloak and was refused').toBeGreaterThan(0);
  expect(page.url(), 'the viewer stays in the app').not.toMatch(/\/realms\//);
  await expect(seriesCards(page).first()).toBeVisible();
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});
