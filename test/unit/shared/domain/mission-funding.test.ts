import { parseCell } from '../../../../shared/domain/field-spec';
import { MISSION_FIELDS } from '../../../../shared/domain/mission';
import { fundingOf, parseFunding } from '../../../../shared/domain/mission-funding';
import { checkMission } from '../../../../shared/domain/mission-rules';
import type { MissionContext } from '../../../../shared/domain/rule-violation';
import { missionAtStage } from '../../../support/builders/mission-builder';
import { aCallForProposals } from '../../../support/builders/solicitation-builder';

/** French amounts as Intl writes them: U+202F between thousands, U+00A0 before €. */
const euros = (text: string): string => `${text.replace(/ /g, '\u202f')}\u00a0€`;

describe('« Financeurs et montants » (guide, part III: « Logos des financeurs (DDTEFP, Caisse des Dépôts, Conseil Régional […] Conseil Général du Nord ou du Pas de Calais) »)', () => {
  it.each([
    [
      'DDTEFP : 2000 ; conseil régional: 1 500',
      `DDTEFP : ${euros('2 000,00')} ; Conseil Régional : ${euros('1 500,00')}`,
    ],
    ['CDC : 800', `Caisse des Dépôts : ${euros('800,00')}`],
    [
      'Conseil général du Pas de Calais : 1200',
      `Conseil Général du Pas-de-Calais : ${euros('1 200,00')}`,
    ],
    // Part II: partners may « Flécher leur soutien financier au DLA sur une cible particulière ».
    ['Partenaire Lille Métropole : 500', `Partenaire Lille Métropole : ${euros('500,00')}`],
  ])('reads « %s » and stores its canonical text', (typed, stored) => {
    expect(parseFunding(typed)).toEqual({ ok: true, value: stored });
    expect(parseFunding(stored)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['Mairie de Lens : 300', 'FUNDER_UNKNOWN', '« Partenaire <nom> »'],
    ['DDTEFP 2000', 'FUNDING_INVALID', '« Financeur : montant »'],
    ['DDTEFP : 100 ; DDTEFP : 200', 'FUNDING_INVALID', 'apparaît deux fois'],
    ['DDTEFP : beaucoup', 'FUNDING_INVALID', 'DDTEFP'],
  ])('refuses « %s » in French (%s)', (typed, code, words) => {
    const result = parseCell(MISSION_FIELDS.funding, typed);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toContain(words);
    }
  });

  it('gives the lines of a stored value, partners marked', () => {
    const stored = parseFunding('Caisse des Dépôts : 1000 ; Partenaire Fondation de France : 250');
    expect(fundingOf(stored.ok ? stored.value : null)).toEqual([
      { funder: 'Caisse des Dépôts', partner: false, amountCents: 100_000 },
      { funder: 'Partenaire Fondation de France', partner: true, amountCents: 25_000 },
    ]);
  });
});

describe('payments (the « solde » implies an earlier payment)', () => {
  const context = (
    overrides: Parameters<typeof missionAtStage>[1],
    retainedProvider: MissionContext['retainedProvider'] = {
      id: 'PRE-0012',
      completeness: { sheetComplete: true, missing: [] },
    },
  ): MissionContext => ({
    mission: missionAtStage('balancePaid', overrides),
    solicitations: aCallForProposals('balancePaid'),
    retainedProvider,
  });

  it('accepts an advance and a balance within the agreed price', () => {
    expect(
      checkMission(
        context({
          agreedPriceCents: 540_000,
          advanceCents: 162_000,
          advancePaidOn: '2025-03-12',
          balanceCents: 378_000,
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'beyond the agreed price',
      { agreedPriceCents: 500_000, advanceCents: 200_000, balanceCents: 350_000 },
      'balanceCents',
      `Acompte et solde (${euros('5 500,00')}) dépassent le prix convenu de ${euros('5 000,00')}`,
    ],
    [
      'beyond the retained proposal’s price when no agreed price is typed',
      { advanceCents: 600_000 },
      'advanceCents',
      `dépassent le prix convenu de ${euros('5 400,00')}`,
    ],
  ])('refuses a payment %s', (_name, overrides, field, words) => {
    const [violation] = checkMission(context(overrides));
    expect(violation).toMatchObject({ code: 'PAYMENT_OVER_PRICE', field, severity: 'error' });
    expect(violation?.message).toContain(words);
  });

  // Guide, part III: the sheet « doit absolument être dûment complétée (adresse, N° de siret,
  // etc.) sans quoi le prestataire ne pourra percevoir le financement de la mission ».
  it('refuses an advance while the provider sheet is incomplete', () => {
    const violations = checkMission(
      context(
        { balancePaidOn: null, advanceCents: 100_000, advancePaidOn: '2025-03-12' },
        { id: 'PRE-0012', completeness: { sheetComplete: false, missing: ['SIRET'] } },
      ),
    );
    expect(violations).toEqual([
      {
        code: 'PAYMENT_PROVIDER_INCOMPLETE',
        field: 'advancePaidOn',
        severity: 'error',
        message:
          'Acompte refusé : fiche prestataire incomplète (SIRET). Le guide : sans fiche type prestataire complète, « le prestataire ne pourra percevoir le financement de la mission ».',
      },
    ]);
  });
});
