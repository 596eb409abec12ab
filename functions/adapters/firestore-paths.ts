/** Where each document of the Firestore record store lives (the tree is in docs/stockage.md). */
import type { CollectionReference, DocumentReference, Firestore } from '@google-cloud/firestore';
import type { DocumentOwner } from '../../shared/ports/record-store';
import type { RecordKind } from '../../shared/domain/record-id';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { firestoreDocId } from './firestore-record-codec';

/** The references of one database's documents: raw IDs made safe by {@link firestoreDocId}. */
export class FirestorePaths {
  constructor(private readonly db: Firestore) {}

  owner(owner: DocumentOwner): DocumentReference {
    return this.db.collection('owners').doc(owner);
  }

  record(owner: WorkbookOwner, recordId: string): DocumentReference {
    return this.owner(owner).collection('records').doc(firestoreDocId(recordId));
  }

  quarantine(owner: WorkbookOwner, key: string): DocumentReference {
    return this.owner(owner).collection('quarantine').doc(firestoreDocId(key));
  }

  counter(owner: WorkbookOwner, kind: RecordKind): DocumentReference {
    return this.owner(owner).collection('counters').doc(kind);
  }

  event(eventId: string): DocumentReference {
    return this.db.collection('events').doc(firestoreDocId(eventId));
  }

  document(owner: DocumentOwner, name: string): DocumentReference {
    return this.owner(owner).collection('documents').doc(firestoreDocId(name));
  }

  entries(owner: DocumentOwner): CollectionReference {
    return this.owner(owner).collection('entries');
  }

  /** An entry's document: `family:key` as its ID (family names hold no `:`). */
  entry(owner: DocumentOwner, family: string, key: string): DocumentReference {
    return this.entries(owner).doc(firestoreDocId(`${family}:${key}`));
  }
}
