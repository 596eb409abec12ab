import { z } from 'zod';
import { rowSchema } from './field-spec';
import {
  choiceColumn,
  choicesColumn,
  dateColumn,
  longTextColumn,
  referenceColumn,
} from './field-kinds';
import { COMPETENCES } from './reference-lists';

/** The kinds of action a plan combines (guide, part I.C « Le plan d'accompagnement »). */
export const PLAN_ACTION_KINDS = [
  'Ingénierie individuelle',
  'Ingénierie collective',
  'Ressources du territoire',
  'Expertise interne du DLA',
  'Actions de la structure elle-même',
] as const;

/** The states of a plan, typed by the chargé de mission. */
export const PLAN_STATUSES = ['En préparation', 'En cours', 'Terminé', 'Abandonné'] as const;

/** The columns of a plan d'accompagnement (tab « Accompagnements »). */
export const PLAN_FIELDS = {
  beneficiaryId: referenceColumn(
    'Structure (ID)',
    'Identifiant STR-… de la structure accompagnée.',
    'beneficiary',
    { required: true },
  ),
  diagnosticOn: dateColumn(
    'Diagnostic partagé le',
    'Date du diagnostic partagé avec la structure.',
  ),
  issues: choicesColumn(
    'Problématiques traitées',
    'Une ou plusieurs problématiques, séparées par des virgules.',
    COMPETENCES,
  ),
  actions: choicesColumn(
    'Actions prévues',
    "Types d'actions combinées par le plan.",
    PLAN_ACTION_KINDS,
  ),
  status: choiceColumn('État du plan', 'Où en est le plan.', PLAN_STATUSES),
  plannedEndOn: dateColumn('Fin prévue le', 'Date de fin prévue du plan.'),
  followUpDiagnosticOn: dateColumn(
    'Diagnostic de suivi le',
    'Date du diagnostic de suivi post-accompagnement.',
  ),
  diagnosticSummary: longTextColumn(
    'Synthèse du diagnostic (confidentiel)',
    'Contenu du diagnostic : ne sort jamais de l’opérateur.',
  ),
} as const;

/** Validates a plan row. */
export const planSchema = rowSchema(PLAN_FIELDS);

/** A plan d'accompagnement. */
export type AccompanimentPlan = z.output<typeof planSchema>;
