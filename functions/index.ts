// Entry point of the deployed source: each import registers one function with the Functions
// Framework (`functions-framework --target=sheetEdit`, or all of them with `dla serve`).
import './sheet-edit.http';
import './sync-spreadsheet.http';
import './daily-alerts.http';
import './regional-consolidation.http';
import './register-export.http';
import './score-mission.http';

/** Names of the HTTP functions this source registers. */
export const HTTP_FUNCTIONS = [
  'sheetEdit',
  'syncSpreadsheet',
  'dailyAlerts',
  'regionalConsolidation',
  'registerExport',
  'scoreMission',
] as const;
