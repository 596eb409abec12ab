import { parseEmail } from '../../../../../shared/domain/values/email';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseEmail', () => {
  it.each<[unknown, string]>([
    ['contact@cbe-lille.fr', 'contact@cbe-lille.fr'],
    ['  Jean.Dupont@NordActif.FR  ', 'Jean.Dupont@nordactif.fr'],
    ['mailto:dla@inseraction62.fr', 'dla@inseraction62.fr'],
    ['MAILTO:dla@inseraction62.fr?subject=Mission', 'dla@inseraction62.fr'],
    [
      'prenom.nom+dla@entreprendre-ensemble.asso.fr',
      'prenom.nom+dla@entreprendre-ensemble.asso.fr',
    ],
    ["o'brien@example.org", "o'brien@example.org"],
    ['élodie@association-été.fr', 'élodie@association-été.fr'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parseEmail(raw)).toEqual({ ok: true, value: expected });
  });

  it('accepts an address of 254 characters and refuses 255', () => {
    const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(60)}.fr`;
    const local = 'a'.repeat(254 - domain.length - 1);
    expect(parseEmail(`${local}@${domain}`).ok).toBe(true);
    const result = parseEmail(`a${local}@${domain}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('254 caractères');
  });

  it.each<[string, unknown, string]>([
    ['no @', 'contact.cbe-lille.fr', 'un @'],
    ['two @', 'contact@cbe@lille.fr', 'un @'],
    ['no dot in the domain', 'contact@localhost', 'domaine'],
    ['a space inside', 'jean dupont@nordactif.fr', "pas d'espace"],
    ['a no-break space inside', 'jean\u00a0dupont@nordactif.fr', "pas d'espace"],
    ['two addresses', 'a@b.fr; c@d.fr', 'une seule adresse'],
    ['two addresses with a comma', 'a@b.fr,c@d.fr', 'une seule adresse'],
    ['an empty local part', '@nordactif.fr', 'avant le @'],
    ['a double dot', 'jean..dupont@nordactif.fr', 'avant le @'],
    ['a leading dot', '.jean@nordactif.fr', 'avant le @'],
    ['a domain starting with a dot', 'jean@.nordactif.fr', 'domaine'],
    ['a domain ending with a dot', 'jean@nordactif.fr.', 'domaine'],
    ['a one-letter top-level domain', 'jean@nordactif.f', 'domaine'],
    ['a hyphen at the end of a label', 'jean@nordactif-.fr', 'domaine'],
    ['a display name', 'Jean <jean@nordactif.fr>', "pas d'espace"],
    ['a number', 12, 'un texte'],
    ['a boolean', true, 'un texte'],
  ])('refuses %s', (_label, raw, detail) => {
    const result = parseEmail(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('EMAIL_INVALID');
      expect(result.error.message).toContain(detail);
      expect(result.error.message).toContain('nom@domaine.fr');
    }
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'EMAIL_INVALID'],
    ['an array', [], 'EMAIL_INVALID'],
    ['NaN', NaN, 'EMAIL_INVALID'],
    ['Infinity', Infinity, 'EMAIL_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'EMAIL_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['a mailto formula', '=HYPERLINK("mailto:a@b.fr";"a")', 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'EMAIL_INVALID'],
    ['an invalid date', new Date('invalid'), 'EMAIL_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseEmail(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});
