/** Towns of Nord and Pas-de-Calais by DLA territory, and each operator's territories. */
import type { OperatorCode } from '../../shared/domain/operator';

export interface Town {
  readonly name: string;
  readonly postalCode: string;
  readonly territory: string;
  /** The landline prefix of the town, e.g. « 03 20 ». */
  readonly phonePrefix: string;
}

export const TOWNS: readonly Town[] = [
  { name: 'Lille', postalCode: '59000', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  { name: 'Lille', postalCode: '59800', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  { name: 'Lomme', postalCode: '59160', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  {
    name: "Villeneuve-d'Ascq",
    postalCode: '59650',
    territory: 'Métropole lilloise',
    phonePrefix: '03 20',
  },
  { name: 'Loos', postalCode: '59120', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  {
    name: 'Armentières',
    postalCode: '59280',
    territory: 'Métropole lilloise',
    phonePrefix: '03 20',
  },
  { name: 'Seclin', postalCode: '59113', territory: 'Métropole lilloise', phonePrefix: '03 20' },
  {
    name: 'Mons-en-Barœul',
    postalCode: '59370',
    territory: 'Métropole lilloise',
    phonePrefix: '03 20',
  },
  { name: 'Roubaix', postalCode: '59100', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Tourcoing', postalCode: '59200', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Wattrelos', postalCode: '59150', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Croix', postalCode: '59170', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Hem', postalCode: '59510', territory: 'Roubaix-Tourcoing', phonePrefix: '03 20' },
  { name: 'Dunkerque', postalCode: '59140', territory: 'Dunkerquois', phonePrefix: '03 28' },
  { name: 'Grande-Synthe', postalCode: '59760', territory: 'Dunkerquois', phonePrefix: '03 28' },
  {
    name: 'Coudekerque-Branche',
    postalCode: '59210',
    territory: 'Dunkerquois',
    phonePrefix: '03 28',
  },
  { name: 'Gravelines', postalCode: '59820', territory: 'Dunkerquois', phonePrefix: '03 28' },
  {
    name: 'Hazebrouck',
    postalCode: '59190',
    territory: 'Flandre intérieure',
    phonePrefix: '03 28',
  },
  { name: 'Bailleul', postalCode: '59270', territory: 'Flandre intérieure', phonePrefix: '03 28' },
  { name: 'Cassel', postalCode: '59670', territory: 'Flandre intérieure', phonePrefix: '03 28' },
  { name: 'Valenciennes', postalCode: '59300', territory: 'Valenciennois', phonePrefix: '03 27' },
  { name: 'Denain', postalCode: '59220', territory: 'Valenciennois', phonePrefix: '03 27' },
  { name: 'Anzin', postalCode: '59410', territory: 'Valenciennois', phonePrefix: '03 27' },
  {
    name: 'Saint-Amand-les-Eaux',
    postalCode: '59230',
    territory: 'Valenciennois',
    phonePrefix: '03 27',
  },
  { name: 'Raismes', postalCode: '59590', territory: 'Valenciennois', phonePrefix: '03 27' },
  { name: 'Douai', postalCode: '59500', territory: 'Douaisis', phonePrefix: '03 27' },
  { name: 'Sin-le-Noble', postalCode: '59450', territory: 'Douaisis', phonePrefix: '03 27' },
  { name: 'Cambrai', postalCode: '59400', territory: 'Cambrésis', phonePrefix: '03 27' },
  { name: 'Caudry', postalCode: '59540', territory: 'Cambrésis', phonePrefix: '03 27' },
  { name: 'Maubeuge', postalCode: '59600', territory: 'Sambre-Avesnois', phonePrefix: '03 27' },
  {
    name: 'Avesnes-sur-Helpe',
    postalCode: '59440',
    territory: 'Sambre-Avesnois',
    phonePrefix: '03 27',
  },
  { name: 'Lens', postalCode: '62300', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Liévin', postalCode: '62800', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Avion', postalCode: '62210', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Bully-les-Mines', postalCode: '62160', territory: 'Lens-Liévin', phonePrefix: '03 21' },
  { name: 'Hénin-Beaumont', postalCode: '62110', territory: 'Hénin-Carvin', phonePrefix: '03 21' },
  { name: 'Carvin', postalCode: '62220', territory: 'Hénin-Carvin', phonePrefix: '03 21' },
  { name: 'Courrières', postalCode: '62710', territory: 'Hénin-Carvin', phonePrefix: '03 21' },
  { name: 'Arras', postalCode: '62000', territory: 'Arrageois', phonePrefix: '03 21' },
  { name: 'Béthune', postalCode: '62400', territory: 'Béthune-Bruay', phonePrefix: '03 21' },
  {
    name: 'Bruay-la-Buissière',
    postalCode: '62700',
    territory: 'Béthune-Bruay',
    phonePrefix: '03 21',
  },
  { name: 'Saint-Omer', postalCode: '62500', territory: 'Audomarois', phonePrefix: '03 21' },
  { name: 'Calais', postalCode: '62100', territory: 'Calaisis', phonePrefix: '03 21' },
  { name: 'Marck', postalCode: '62730', territory: 'Calaisis', phonePrefix: '03 21' },
  { name: 'Guînes', postalCode: '62340', territory: 'Calaisis', phonePrefix: '03 21' },
  { name: 'Boulogne-sur-Mer', postalCode: '62200', territory: 'Boulonnais', phonePrefix: '03 21' },
  { name: 'Outreau', postalCode: '62230', territory: 'Boulonnais', phonePrefix: '03 21' },
  { name: 'Le Portel', postalCode: '62480', territory: 'Boulonnais', phonePrefix: '03 21' },
  { name: 'Berck', postalCode: '62600', territory: 'Montreuillois', phonePrefix: '03 21' },
];

/** Consultants from outside the region: a few come from Paris or Amiens. */
export const OUT_OF_REGION_TOWNS: readonly Town[] = [
  { name: 'Paris', postalCode: '75011', territory: 'Hors région', phonePrefix: '01 43' },
  { name: 'Paris', postalCode: '75010', territory: 'Hors région', phonePrefix: '01 42' },
  { name: 'Amiens', postalCode: '80000', territory: 'Hors région', phonePrefix: '03 22' },
];

/** Where each operator's structures are: the territories of its employment areas. */
export const OPERATOR_TERRITORIES: Readonly<Record<OperatorCode, readonly string[]>> = {
  'CBE-LM': ['Métropole lilloise', 'Roubaix-Tourcoing'],
  'EE-DK': ['Dunkerquois', 'Flandre intérieure'],
  'NA-DEN': ['Valenciennois'],
  'NA-LIL': ['Métropole lilloise'],
  'I62-LEN': ['Lens-Liévin', 'Hénin-Carvin'],
  'I62-CAL': ['Calaisis', 'Boulonnais'],
};
