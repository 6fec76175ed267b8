import { describe, expect, it } from 'vitest';
import { dictionaries, directionOf, interpolate, LANGUAGE_NAMES, LANGUAGES, pickLanguage } from '../src/i18n';
import { en } from '../src/i18n/messages/en';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('i18n', () => {
  it('speaks the 12 languages of the flagship catalog, each with its own name', () => {
    expect([...LANGUAGES].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'id', 'ja', 'ko', 'pt', 'th', 'vi', 'zh']);
    for (const language of LANGUAGES) expect(LANGUAGE_NAMES[language]).toBeTruthy();
  });

  it.each(LANGUAGES)('%s has every key of English, no other key, and no empty text', (language) => {
    const dictionary: Record<string, string> = dictionaries[language];
    expect(Object.keys(dictionary).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(dictionary)) {
      expect(text.trim(), `${language}.${key}`).not.toBe('');
    }
  });

  it.each(LANGUAGES)('%s keeps the same placeholders as English in every text', (language) => {
    const dictionary: Record<string, string> = dictionaries[language];
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(dictionary[key] ?? ''), `${language}.${key}`).toEqual(placeholders(text));
    }
  });

  it('translates rather than copies English (only brand names and VIP may stay the same)', () => {
    const sameEverywhere = new Set(['appName', 'navVip', 'episodeVip', 'vipTitle', 'episodePaid']);
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const dictionary: Record<string, string> = dictionaries[language];
      const copied = Object.keys(en).filter((key) => !sameEverywhere.has(key) && dictionary[key] === en[key as keyof typeof en]);
      // A few words are the same in some languages (e.g. "Bonus", "Date"), but a copied dictionary is not.
      expect(copied.length, `${language}: ${copied.join(', ')}`).toBeLessThan(8);
    }
  });

  it('picks the stored language first, then the first browser language it speaks, else English', () => {
    expect(pickLanguage(['de-DE'], 'ja')).toBe('ja');
    expect(pickLanguage(['nl-NL', 'pt-BR', 'en'], null)).toBe('pt');
    expect(pickLanguage(['zh-Hant-TW'])).toBe('zh');
    expect(pickLanguage(['nl', 'sv'])).toBe('en');
    expect(pickLanguage(['es'], 'xx')).toBe('es');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    for (const language of LANGUAGES.filter((l) => l !== 'ar')) expect(directionOf(language)).toBe('ltr');
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(interpolate('Episode {n} of {total}', { n: 4 })).toBe('Episode 4 of {total}');
  });
});
