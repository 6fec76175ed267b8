import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The flagship series: text in all 12 languages, 3 free episodes, then 60-coin episodes in the US. */
export const FLAGSHIP = {
  id: 'midnight-contract',
  titles: { en: 'Midnight Contract', ar: 'عقد منتصف الليل', ja: '真夜中の契約' },
  freeEpisode: 1,
  paidEpisode: 4,
} as const;

/** Screenshots are committed: the README and reviewers see the screens as a phone shows them. */
const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/web-app/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Let fonts and the last status line settle so the picture is the screen a viewer reads.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: false, animations: 'disabled' });
}

/** axe-core on the whole page; any serious or critical violation fails with what and where. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(blocking, `accessibility violations on the ${screen} screen`).toEqual([]);
}

/** The series cards of the browse screen. */
export const seriesCards = (page: Page) => page.locator('main ul.cards > li.card');

/** Opens the n-th episode of the series page (numbers are localized, the list order is the episode order). */
export async function openEpisode(page: Page, n: number): Promise<void> {
  await page.locator('main ol.episodes > li').nth(n - 1).getByRole('link').click();
}
