import { ar } from './messages/ar';
import { de } from './messages/de';
import { en, type MessageKey, type Messages } from './messages/en';
import { es } from './messages/es';
import { fr } from './messages/fr';
import { id } from './messages/id';
import { ja } from './messages/ja';
import { ko } from './messages/ko';
import { pt } from './messages/pt';
import { th } from './messages/th';
import { vi } from './messages/vi';
import { zh } from './messages/zh';

export type { MessageKey, Messages };

/** The 12 languages of the flagship catalog; the app's UI speaks each of them. */
export const dictionaries = { en, es, pt, ja, zh, ko, id, fr, vi, th, de, ar } as const satisfies Record<string, Messages>;

export type Language = keyof typeof dictionaries;

export const LANGUAGES = Object.keys(dictionaries) as Language[];

/** Each language's own name, for the picker (a viewer looks for their language written in it). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  pt: 'Português',
  ja: '日本語',
  zh: '中文',
  ko: '한국어',
  id: 'Bahasa Indonesia',
  fr: 'Français',
  vi: 'Tiếng Việt',
  th: 'ไทย',
  de: 'Deutsch',
  ar: 'العربية',
};

const RTL: ReadonlySet<Language> = new Set(['ar']);
const STORAGE_KEY = 'microdrama.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(dictionaries, value);
}

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return RTL.has(language) ? 'rtl' : 'ltr';
}

/** The first of the browser's languages we speak, by primary subtag (`pt-BR` → `pt`, `zh-Hant-TW` → `zh`). */
export function pickLanguage(preferred: readonly string[], stored?: string | null): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** Replaces `{name}` placeholders; a missing value leaves the placeholder visible rather than hiding text. */
export function interpolate(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

let current: Language = 'en';
const listeners = new Set<(language: Language) => void>();

export function currentLanguage(): Language {
  return current;
}

export function t(key: MessageKey, values?: Record<string, string | number>): string {
  return interpolate(dictionaries[current][key] ?? en[key] ?? key, values);
}

/** "1 coin" / "120 coins" with the language's plural rules and digits. */
export function coins(n: number): string {
  const plural = new Intl.PluralRules(current).select(n);
  return t(plural === 'one' ? 'coinsOne' : 'coinsOther', { n: new Intl.NumberFormat(current).format(n) });
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(current, { dateStyle: 'medium' }).format(date);
}

export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  return new Intl.NumberFormat(current, { style: 'currency', currency }).format(value);
}

export function setLanguage(language: Language, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  current = language;
  storage?.setItem(STORAGE_KEY, language);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
  }
  listeners.forEach((listener) => listener(language));
}

export function onLanguageChange(listener: (language: Language) => void): void {
  listeners.add(listener);
}

/** Picks the language at start: the stored choice, else the browser's preferences. */
export function initLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  const preferred = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  const language = pickLanguage(preferred, stored);
  setLanguage(language);
  return language;
}
