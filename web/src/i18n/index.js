// Translation lookup and safe template filling. Templates are plain strings with {name}
// placeholders; filling produces DOM nodes (text nodes or nodes the caller built), so no data
// string is ever parsed as HTML.
import en from './en.js';
import nl from './nl.js';
import de from './de.js';
import fr from './fr.js';
import es from './es.js';

export const catalogues = { en, nl, de, fr, es };
export const languages = Object.keys(catalogues);
const fallbackLanguage = 'en';

function canonical(tag) {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return null;
  }
}

// Picks the first candidate whose language we translate. Returns the language (for text) and the
// locale (for numbers and dates): the full tag when its language is supported, so nl-BE keeps its
// Belgian formats, else plain English so a sentence never mixes two languages.
export function resolveLocale(...candidates) {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate === '') continue;
    const tag = canonical(candidate);
    if (!tag) continue;
    const language = tag.split('-')[0].toLowerCase();
    if (language in catalogues) return { language, locale: tag };
  }
  return { language: fallbackLanguage, locale: fallbackLanguage };
}

export function hasKey(language, key) {
  return key in (catalogues[language] ?? {}) || key in catalogues[fallbackLanguage];
}

// The raw template for a key; falls back to English, then to `fallback`, then to the key itself.
export function template(language, key, fallback) {
  const own = catalogues[language];
  if (own && key in own) return own[key];
  if (key in catalogues[fallbackLanguage]) return catalogues[fallbackLanguage][key];
  return fallback ?? key;
}

// Fills a template into a DocumentFragment. `params` values are strings (become text nodes) or
// Nodes (inserted as built). Unknown placeholders are left as written.
export function fill(doc, text, params = {}) {
  const fragment = doc.createDocumentFragment();
  const pattern = /\{([a-zA-Z_]+)\}/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (!(match[1] in params)) continue;
    if (match.index > last) fragment.append(doc.createTextNode(text.slice(last, match.index)));
    const value = params[match[1]];
    fragment.append(value instanceof Node ? value : doc.createTextNode(String(value)));
    last = match.index + match[0].length;
  }
  if (last < text.length) fragment.append(doc.createTextNode(text.slice(last)));
  return fragment;
}

// Fills a template into a plain string (for attributes such as aria-label).
export function fillText(text, params = {}) {
  return text.replace(/\{([a-zA-Z_]+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function translator(language) {
  const t = (key, params, fallback) => fillText(template(language, key, fallback), params);
  t.fragment = (doc, key, params, fallback) => fill(doc, template(language, key, fallback), params);
  t.has = (key) => hasKey(language, key);
  t.language = language;
  return t;
}
