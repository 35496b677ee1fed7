import { Option, type Command } from 'commander';
import { databaseSchemaOf, issueClientToken, openDatabase, Role } from '@gridhub/kit';
import { loadConfig } from './config';
import { clientSecret } from './hub';
import type { AnySubgraph } from './subgraphs';

/**
 * Registers every operator command the subgraphs contribute (`SubgraphDefinition.commands`): each runs against its
 * subgraph's database and, unless offline, the running hub's gateway with a short-lived token of its own.
 */
export function registerSubgraphCommands(program: Command, definitions: AnySubgraph[]): void {
  for (const definition of definitions) {
    for (const command of definition.commands ?? []) {
      const cmd = program.command(command.name).description(command.description);
      for (const o of command.options ?? []) cmd.addOption(new Option(`--${o.name} <n>`, o.description).argParser(Number).default(o.default));
      if (!command.offline) cmd.option('--gateway <url>', 'gateway GraphQL URL (default from GRIDHUB_HOST / GRIDHUB_PORT)');
      cmd.action(async (opts: Record<string, number | string | undefined>) => {
        const config = loadConfig();
        const { name, entities, migrations } = databaseSchemaOf(definition);
        const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, name, entities, migrations });
        try {
          const token = command.offline
            ? ''
            : await issueClientToken(clientSecret(config.dataDir, config.jwtSecret), { subject: `job:${command.name}`, role: Role.SUBDISTRICT_ADMIN, name: `${command.name} job` }, '10m');
          const gateway = { url: String(opts.gateway ?? `http://${config.host}:${config.gatewayPort}/graphql`), headers: { authorization: `Bearer ${token}` } };
          // What it sends on the subgraph's behalf goes as the subgraph's service identity (its reserved key namespace).
          const service = !command.offline && definition.calls
            ? { headers: { authorization: `Bearer ${await issueClientToken(clientSecret(config.dataDir, config.jwtSecret), definition.calls.identity, '10m')}` } }
            : undefined;
          // commander keys options in camelCase; commands name them as on the command line.
          const options = Object.fromEntries((command.options ?? []).map((o) => [o.name, Number(opts[o.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())])]));
          console.log(await command.run(options, { db, gateway, service }));
        } finally {
          await db.destroy();
        }
      });
    }
  }
}
