import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { blankOrFormulaFailure, cleanCellText } from './text';

/** The longest address a mail server accepts (RFC 5321). */
const MAX_EMAIL_LENGTH = 254;

/** The longest local part (before the @) RFC 5321 allows. */
const MAX_LOCAL_LENGTH = 64;

const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

function invalid(raw: unknown, detail: string): Result<string> {
  return fail(
    'EMAIL_INVALID',
    `Adresse e-mail « ${describeRaw(raw)} » invalide : ${detail} (attendu une adresse du type nom@domaine.fr).`,
  );
}

/**
 * Parses one e-mail address: trimmed, an optional `mailto:` removed, the domain lowercased;
 * exactly one @, a dot in the domain, no spaces, 254 characters at most; code `EMAIL_INVALID`.
 */
export function parseEmail(raw: unknown): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  if (typeof raw !== 'string') return invalid(raw, 'un texte est attendu');
  let text = cleanCellText(raw);
  if (/^mailto:/i.test(text)) {
    // A mailto link may carry « ?subject=… »: only the address matters.
    text = text.slice('mailto:'.length).split('?')[0] ?? '';
  }
  if (text.length > MAX_EMAIL_LENGTH) return invalid(raw, `${MAX_EMAIL_LENGTH} caractères au plus`);
  if (/[,;]/.test(text)) return invalid(raw, 'une seule adresse par cellule');
  if (/[\s\u00a0\u202f\u2007]/.test(text)) return invalid(raw, "pas d'espace dans une adresse");
  const parts = text.split('@');
  if (parts.length !== 2) return invalid(raw, 'une adresse contient exactement un @');
  const [local = '', domainTyped = ''] = parts;
  const domain = domainTyped.toLowerCase();
  if (
    local === '' ||
    local.length > MAX_LOCAL_LENGTH ||
    !LOCAL_PART.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  ) {
    return invalid(raw, 'la partie avant le @ est incorrecte');
  }
  const labels = domain.split('.');
  const topLevel = labels[labels.length - 1] ?? '';
  if (
    labels.length < 2 ||
    !labels.every((label) => DOMAIN_LABEL.test(label)) ||
    !/^\p{L}{2,}$/u.test(topLevel)
  ) {
    return invalid(raw, 'le domaine après le @ est incorrect');
  }
  return ok(`${local}@${domain}`);
}
