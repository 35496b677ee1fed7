import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest, sha256Hex } from './trusted-documents';

describe('loadManifest', () => {
  const doc = '{ communities { name } }';
  const hash = sha256Hex(doc);

  it('reads a hash → document map from a file, and Apollo\'s persisted-query manifest format', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gridhub-manifest-')), 'manifest.json');
    writeFileSync(path, JSON.stringify({ [hash]: doc }));
    expect([...loadManifest(path)]).toEqual([[hash, doc]]);
    const apollo = { format: 'apollo-persisted-query-manifest' as const, version: 1, operations: [{ id: hash, body: doc, name: 'C', type: 'query' }] };
    expect([...loadManifest(apollo)]).toEqual([[hash, doc]]);
  });

  it('refuses an entry whose hash is not the sha256 of its document', () => {
    expect(() => loadManifest({ [hash]: `${doc} ` })).toThrow(/is not the sha256 of its document/);
    expect(() => loadManifest({ [hash]: 42 } as never)).toThrow(/is not a string/);
  });
});
