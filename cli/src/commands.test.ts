import { join } from 'node:path';
import { definitionFolder } from './commands';
import { subgraphs } from './subgraphs';

describe('gridhub migration generate', () => {
  it("finds each definition's own folder from the module that exports it (no subgraph path written down)", () => {
    const root = join(__dirname, '..', '..');
    for (const definition of subgraphs) expect(definitionFolder(definition)).toBe(join(root, 'subgraphs', definition.name));
    expect(() => definitionFolder({ ...subgraphs[0]!, name: 'nowhere' })).toThrow('cannot tell which module exports the nowhere definition');
  });
});
