/**
 * Progress from the outside of a use case: the store, the workbooks and the export sink wrapped
 * so that each call a long command makes is reported as a step, without the use case knowing.
 *
 * @packageDocumentation
 */
import type { ExportSheet, ExportRow } from '../../shared/domain/export-sheet';
import type { ExportSink } from '../../shared/ports/export-sink';
import type { ProgressCallback } from '../../shared/ports/progress';

/** `before` runs before each call of a listed method, `after` once its promise has settled. */
export type CallHooks = Readonly<
  Record<string, { before?: (args: unknown[]) => void; after?: (value: unknown) => void }>
>;

/**
 * `target` with hooks around some of its async methods; every other property and method is
 * the target's own (bound to it), so the wrapper still satisfies the target's interfaces.
 */
export function withCallHooks<T extends object>(target: T, hooks: CallHooks): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      const hook = typeof property === 'string' ? hooks[property] : undefined;
      if (hook === undefined) return method.bind(object);
      return async (...args: unknown[]) => {
        hook.before?.(args);
        const result = await method.apply(object, args);
        hook.after?.(result);
        return result;
      };
    },
  });
}

/**
 * Counts the rows an export sink consumes: `report` after each `every` rows and at the end,
 * against `total()` (an upper bound known by then, or null).
 */
export function sinkWithRowProgress(
  sink: ExportSink,
  report: ProgressCallback,
  step: string,
  total: () => number | null,
  every = 200,
): ExportSink {
  let done = 0;
  async function* counted(rows: ExportSheet['rows']): AsyncGenerator<ExportRow> {
    for await (const row of rows) {
      yield row;
      done += 1;
      if (done % every === 0) report({ step, done, total: total() });
    }
  }
  return {
    write: async (request) => {
      report({ step, done, total: total() });
      const written = await sink.write({
        ...request,
        sheets: request.sheets.map((sheet) => ({ ...sheet, rows: counted(sheet.rows) })),
      });
      report({ step, done, total: done });
      return written;
    },
  };
}
