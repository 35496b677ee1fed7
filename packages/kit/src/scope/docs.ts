import { Role } from '../identity';
import { registeredActions } from './actions';
import { dataClasses, reachOf } from './policy';

const cell = (read: string, write: string) => (read === write ? read : `${read} (writes: ${write})`);

/**
 * The policy as Markdown: one table of role × data class × reach (reads, and writes where they differ), then the
 * actions and who may perform them. The README's access section is this text (a test keeps them equal).
 */
export function policyMarkdown(): string {
  // SERVICE identities have no reach of their own: each gets exactly its subgraph's declared grants (below).
  const roles = Object.values(Role).filter((r) => r !== Role.SERVICE);
  const classes = [...dataClasses().entries()];
  const lines = [
    `| data class | ${roles.join(' | ')} |`,
    `|---|${roles.map(() => '---').join('|')}|`,
    ...classes.map(
      ([name, p]) =>
        `| ${name}${p.audited ? ' (audited)' : ''} — ${p.description ?? ''} | ${roles.map((r) => cell(reachOf(r, name), reachOf(r, name, { write: true }))).join(' | ')} |`,
    ),
    '',
    '| action | roles |',
    '|---|---|',
    ...[...registeredActions().entries()].map(([name, rs]) => `| \`${name}\` | ${[...rs].join(', ')} |`),
    '',
    '`SERVICE` identities (one per subgraph that calls others, `service:<name>`) reach no class and may take no action',
    "beyond the grants their subgraph's definition declares with its calls (`calls.grants`): the subdistrict reads grid",
    'boundaries, the complex reports DEVICE events, the power-grid plug-in PARTNER events; never persons.',
  ];
  return lines.join('\n');
}
