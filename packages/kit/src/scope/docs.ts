import { Role } from '../identity';
import { registeredActions } from './actions';
import { dataClasses, reachOf } from './policy';

const cell = (read: string, write: string) => (read === write ? read : `${read} (writes: ${write})`);

/**
 * The policy as Markdown: one table of role × data class × reach (reads, and writes where they differ), then the
 * actions and who may perform them. The README's access section is this text (a test keeps them equal).
 */
export function policyMarkdown(): string {
  const roles = Object.values(Role);
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
  ];
  return lines.join('\n');
}
