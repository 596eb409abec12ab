import { describeSuggestions } from '../../../scripts/commands/suggest.command';
import type { MissionSuggestions } from '../../../shared/use-cases/suggest-providers';

/** A call of Inseraction 62 (Lens) for a structure of Lens-Liévin. */
function aResult(overrides: Partial<MissionSuggestions> = {}): MissionSuggestions {
  return {
    missionId: 'MIS-I62-LEN-0012',
    owner: 'I62-LEN',
    title: 'Structuration de la fonction employeur',
    competence: 'Ressources humaines',
    territory: 'Lens-Liévin',
    alreadySolicited: [],
    retainedProviderId: null,
    suggestions: [],
    ...overrides,
  };
}

const COAL_BASIN = {
  providerId: 'PRE-0031',
  score: 47.5,
  reasons: [
    'compétence Ressources humaines',
    'territoire couvert : Lens-Liévin',
    'fiche complète',
    'satisfaction 3,5/5 (2 missions évaluées)',
  ],
  legalName: 'Bassin Minier RH',
  email: 'contact@bassin-minier-rh.fr',
  town: 'Liévin',
};

describe('describeSuggestions — what dla suggest prints', () => {
  it('prints the mission, then each consultant numbered with its score in French, reasons and e-mail', () => {
    expect(
      describeSuggestions(
        aResult({ alreadySolicited: ['PRE-0007'], suggestions: [COAL_BASIN] }),
        undefined,
      ),
    ).toBe(
      [
        'Mission MIS-I62-LEN-0012 — Structuration de la fonction employeur (I62-LEN)',
        'Compétence requise : Ressources humaines ; territoire de la structure : Lens-Liévin',
        'Déjà sollicités (écartés) : PRE-0007.',
        '1 prestataire(s) suggéré(s), le meilleur d’abord :',
        '  1. PRE-0031  Bassin Minier RH — Liévin — score 47,5',
        '     territoire couvert : Lens-Liévin, fiche complète, satisfaction 3,5/5 (2 missions évaluées)',
        '     contact@bassin-minier-rh.fr',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [undefined, []],
    [1, ['Écartés aussi : ceux qui ont décliné la dernière sollicitation de I62-LEN.']],
    [
      3,
      ['Écartés aussi : ceux qui ont décliné chacune des 3 dernières sollicitations de I62-LEN.'],
    ],
  ])('says « Aucun prestataire… » when none is left (--exclude-decliners %p)', (n, excluded) => {
    expect(describeSuggestions(aResult({ territory: null }), n)).toBe(
      [
        'Mission MIS-I62-LEN-0012 — Structuration de la fonction employeur (I62-LEN)',
        'Compétence requise : Ressources humaines ; territoire de la structure : non renseigné',
        ...excluded,
        'Aucun prestataire actif du registre à solliciter en plus pour la compétence « Ressources humaines ».',
        '',
      ].join('\n'),
    );
  });

  it('aligns ten and more, names the retained consultant, and prints nothing a terminal could interpret', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      ...COAL_BASIN,
      providerId: `PRE-00${String(40 + i)}`,
      legalName: i === 0 ? 'Cabinet \u001b[31mRouge\u001b[0m' : COAL_BASIN.legalName,
      email: i === 1 ? null : COAL_BASIN.email,
    }));
    const text = describeSuggestions(
      aResult({ retainedProviderId: 'PRE-0031', suggestions: many }),
      undefined,
    );
    expect(text).toContain('Prestataire déjà retenu : PRE-0031.');
    expect(text).toContain('   1. PRE-0040  Cabinet [31mRouge[0m — Liévin — score 47,5\n');
    expect(text).toContain('      e-mail non renseigné\n');
    expect(text).toContain('  10. PRE-0049  Bassin Minier RH');
    expect(text).not.toContain('\u001b');
  });
});
