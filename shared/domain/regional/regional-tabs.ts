/** The label of the region total in the « Opérateur » column. */
export const REGION_LABEL = 'Région';

/** The name of the region total. */
export const REGION_NAME = 'Total Nord – Pas de Calais';

/** The C2RA workbook's tabs this view fills, as the layout of the C2RA workbook names them. */
export const REGIONAL_TABS = {
  missions: 'Missions régionales',
  indicators: 'Indicateurs',
  providers: 'Prestataires mobilisés',
} as const;

/**
 * The columns of each tab of the C2RA workbook, in order: the workbook layout
 * (`sheets/layouts/workbook-layout.ts`) builds its tabs on these labels. A label that no column
 * above computes is written empty: « Alertes ouvertes » belongs to the alerts, not to this view.
 */
export const REGIONAL_TAB_COLUMNS = {
  missions: [
    'ID mission',
    'Opérateur',
    'Intitulé',
    'Statut',
    "Type d'ingénierie",
    'Compétence requise',
    'Secteur',
    'Cahier des charges envoyé le',
    'Date limite de réponse',
    'Attribuée le',
    'Convention signée le',
    'Fin prévue le',
    'Rapport final reçu le',
    'Solde versé le',
    'Clôturée le',
    'Sollicitations',
    'Propositions reçues',
    'Prestataire retenu',
    'Raison sociale du prestataire',
    'Plafond budgétaire',
    'Prix retenu',
    'Jours estimés',
    "Délai d'attribution (jours)",
    'Durée (jours)',
    'Satisfaction (1 à 5)',
    'Mis à jour le',
  ],
  indicators: [
    'Opérateur',
    'Nom',
    'Structures accompagnées',
    "Plans d'accompagnement en cours",
    'Missions',
    'Missions en cours',
    'Missions clôturées',
    'Missions interrompues',
    'Sollicitations par mission',
    "Délai moyen d'attribution (jours)",
    'Montant engagé',
    'Soldes en attente de rapport',
    'Enquêtes envoyées',
    'Satisfaction moyenne',
    'Alertes ouvertes',
    'Calculé le',
  ],
  providers: [
    'ID prestataire',
    'Raison sociale',
    'Fiche complète',
    'Sollicitations',
    'Propositions reçues',
    'Déclinées',
    'Hors délai',
    'Missions retenues',
    'Montant retenu',
    'Opérateurs',
    'Dernière sollicitation le',
    'Satisfaction moyenne',
  ],
} as const;
