/**
 * A read-only {@link RecordStore} over JSON files, one per owner (`CBE-LM.json`, …) and one for
 * the register (`register.json`), for the benchmarks of the C2RA's outputs: each `loadOwner`
 * reads and parses its file, as a real store reads and decodes its rows, so that only what the
 * code under test keeps stays in memory. It times its own reads, so that a case can tell them
 * from the work it measures.
 *
 * @packageDocumentation
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { C2RA, type WorkbookOwner } from '../../shared/domain/operator';
import type { ApplyOutcome, DocumentOwner, RecordStore } from '../../shared/ports/record-store';
import type { AuditEntry, QuarantineEntry } from '../../shared/domain/change-set';
import type { OwnerState, StoredRecord } from '../../shared/domain/stored-record';

/** The file of an owner's records in a folder written by {@link writeOwnerFiles}. */
function ownerFile(dir: string, owner: WorkbookOwner | 'register'): string {
  return path.join(dir, `${owner}.json`);
}

/** Writes each owner's records, and the register, to their files: one record per line. */
export function writeOwnerFiles(
  dir: string,
  owners: ReadonlyMap<WorkbookOwner, readonly StoredRecord[]>,
  register: readonly StoredRecord[],
): void {
  const lines = (records: readonly StoredRecord[]) =>
    records.map((r) => `${JSON.stringify(r)}\n`).join('');
  for (const [owner, records] of owners) writeFileSync(ownerFile(dir, owner), lines(records));
  writeFileSync(ownerFile(dir, 'register'), lines(register));
}

/** How long the store spent reading, and what it was asked. */
export interface FileStoreReads {
  ms: number;
  cpuMs: number;
  /** The owners loaded, in order (`register` for the register). */
  readonly loads: string[];
}

/** The read-only store of a folder written by {@link writeOwnerFiles}. */
export class FileRecordStore implements RecordStore {
  readonly reads: FileStoreReads = { ms: 0, cpuMs: 0, loads: [] };
  readonly documents = new Map<string, unknown>();

  constructor(private readonly dir: string) {}

  /** Adds the time of a read to the total. */
  private timed<T>(read: () => T): T {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const value = read();
    this.reads.ms += performance.now() - start;
    const used = process.cpuUsage(cpu);
    this.reads.cpuMs += (used.user + used.system) / 1000;
    return value;
  }

  private read(owner: WorkbookOwner | 'register'): StoredRecord[] {
    this.reads.loads.push(owner);
    return this.timed(() =>
      readFileSync(ownerFile(this.dir, owner), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as StoredRecord),
    );
  }

  /** Reads the owner's file line by line, as a store reads its rows page by page. */
  async *loadOwnerPages(
    owner: WorkbookOwner,
    pageSize: number,
  ): AsyncIterable<readonly StoredRecord[]> {
    this.reads.loads.push(owner);
    // The C2RA's records are the register.
    const file = ownerFile(this.dir, owner === C2RA ? 'register' : owner);
    const lines = createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    // From the reader asking for a page to the page given, the process only reads the store.
    let ms = performance.now();
    let cpu = process.cpuUsage();
    const account = () => {
      this.reads.ms += performance.now() - ms;
      const used = process.cpuUsage(cpu);
      this.reads.cpuMs += (used.user + used.system) / 1000;
    };
    let batch: string[] = [];
    for await (const line of lines) {
      if (line === '') continue;
      batch.push(line);
      if (batch.length < pageSize) continue;
      const page = batch.map((l) => JSON.parse(l) as StoredRecord);
      batch = [];
      account();
      yield page;
      ms = performance.now();
      cpu = process.cpuUsage();
    }
    const last = batch.map((l) => JSON.parse(l) as StoredRecord);
    account();
    if (last.length > 0) yield last;
  }

  async loadOwner(owner: WorkbookOwner): Promise<OwnerState> {
    return { records: owner === C2RA ? [] : this.read(owner), quarantineKeys: new Set() };
  }

  async loadRegister(): Promise<readonly StoredRecord[]> {
    return this.read('register');
  }

  async readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    return this.documents.get(`${owner}/${name}`) ?? null;
  }

  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    this.documents.set(`${owner}/${name}`, value);
  }

  async close(): Promise<void> {}

  getRecords(): Promise<readonly StoredRecord[]> {
    return Promise.reject(new Error('FileRecordStore reads whole owners only'));
  }
  findReferencing(): Promise<readonly StoredRecord[]> {
    return Promise.reject(new Error('FileRecordStore reads whole owners only'));
  }
  findCreatedSince(): Promise<readonly StoredRecord[]> {
    return Promise.reject(new Error('FileRecordStore reads whole owners only'));
  }
  nextSequence(): Promise<number> {
    return Promise.reject(new Error('FileRecordStore is read-only'));
  }

  async readEntries(): Promise<ReadonlyMap<string, unknown>> {
    return new Map();
  }

  async writeEntries(): Promise<void> {}

  apply(): Promise<ApplyOutcome> {
    return Promise.reject(new Error('FileRecordStore is read-only'));
  }

  listAudit(): Promise<readonly AuditEntry[]> {
    return Promise.resolve([]);
  }

  listQuarantine(): Promise<readonly QuarantineEntry[]> {
    return Promise.resolve([]);
  }
}
