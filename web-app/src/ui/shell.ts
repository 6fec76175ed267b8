import { currentUser, displayName, register, signIn, signOut } from '../auth/auth';
import { currentLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage, t } from '../i18n';
import { routeHref, type Route } from '../router';
import { h, replaceChildren } from './dom';

const NAV: { route: Route; label: 'navBrowse' | 'navStore' | 'navWallet' | 'navVip' }[] = [
  { route: { name: 'browse' }, label: 'navBrowse' },
  { route: { name: 'store' }, label: 'navStore' },
  { route: { name: 'wallet' }, label: 'navWallet' },
  { route: { name: 'vip' }, label: 'navVip' },
];

function languagePicker(): HTMLElement {
  const select = h('select', { id: 'language-picker' },
    ...LANGUAGES.map((language) => h('option', { value: language, lang: language, selected: language === currentLanguage() }, LANGUAGE_NAMES[language])));
  select.addEventListener('change', () => {
    if (isLanguage(select.value)) setLanguage(select.value);
  });
  return h('div', { class: 'language' }, h('label', { for: 'language-picker' }, t('language')), select);
}

function account(): HTMLElement {
  const user = currentUser();
  if (user) {
    return h('div', { class: 'account' },
      h('span', { class: 'who' }, t('signedInAs', { name: displayName() ?? '' })),
      h('button', { type: 'button', onclick: () => void signOut() }, t('signOut')));
  }
  return h('div', { class: 'account' },
    h('button', { type: 'button', class: 'primary', onclick: () => void signIn(currentLanguage()) }, t('signIn')),
    h('button', { type: 'button', onclick: () => void register(currentLanguage()) }, t('register')));
}

/** Header: app name, the four sections, language and account; redrawn on language, sign-in and route changes. */
export function renderShell(header: HTMLElement, route: Route): void {
  const active = route.name === 'series' || route.name === 'player' ? 'browse' : route.name;
  replaceChildren(header,
    h('a', { class: 'brand', href: routeHref({ name: 'browse' }) }, t('appName')),
    h('nav', { 'aria-label': t('appName') }, h('ul', {}, ...NAV.map(({ route: target, label }) =>
      h('li', {}, h('a', { href: routeHref(target), 'aria-current': target.name === active ? 'page' : undefined }, t(label)))))),
    languagePicker(),
    account(),
    h('p', { id: 'auth-status', class: 'status error', role: 'alert' }));
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('skipToContent');
}
