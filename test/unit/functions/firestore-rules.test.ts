import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** The rules file without comments, whitespace collapsed. */
function rulesText(): string {
  return fs
    .readFileSync(path.join(root, 'firestore.rules'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('Firestore security rules: the store is server-only', () => {
  it('firebase.json references firestore.rules', () => {
    const firebase = JSON.parse(fs.readFileSync(path.join(root, 'firebase.json'), 'utf8')) as {
      firestore?: { rules?: unknown };
    };
    expect(firebase.firestore?.rules).toBe('firestore.rules');
    expect(fs.existsSync(path.join(root, 'firestore.rules'))).toBe(true);
  });

  it('denies every read and write on every document, and allows nothing else', () => {
    const rules = rulesText();
    expect(rules).toBe(
      "rules_version = '2'; service cloud.firestore { match /databases/{database}/documents { match /{document=**} { allow read, write: if false; } } }",
    );
  });

  it('has exactly one allow statement, and it is false', () => {
    const allows = rulesText().match(/allow [^;]*;/g) ?? [];
    expect(allows).toEqual(['allow read, write: if false;']);
    expect(rulesText()).not.toMatch(/if true|request\.auth/);
  });
});
