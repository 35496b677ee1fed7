import { identityHeaders, type IdentityKeys, type SubgraphDefinition, type SubgraphRuntime } from '@gridhub/kit';
import { community } from '@gridhub/community';
import { complex } from '@gridhub/complex';
import { powergrid } from '@gridhub/powergrid';
import { subdistrict } from '@gridhub/subdistrict';

// oxlint-disable-next-line no-explicit-any -- each definition wires its own services type
export type AnySubgraph = SubgraphDefinition<any>;

/**
 * THE list of subgraphs the hub knows, in start order (community first: the others refer to its grids and
 * persons). `gridhub start`, `serve`, `seed`, `migrate`, `keys`, `schema` and `migration generate` read it;
 * adding a subgraph is its folder plus one line here. Plug-ins (`plugin: true`) are published to the registry at start.
 */
export const subgraphs: AnySubgraph[] = [community, subdistrict, complex, powergrid];

/** The static graph: what the hub always runs and publishes as its bootstrap version. */
export const staticSubgraphs = (list: AnySubgraph[] = subgraphs): AnySubgraph[] => list.filter((d) => !d.plugin);

/**
 * The plug-ins to run: every plug-in unless `--with` names some, less those `--without` names. The embedded hub runs
 * them all by default (a newcomer sees all three user groups' parts), still published to the registry as plug-ins.
 */
export function pluginsNamed(names?: string[], without: string[] = [], list: AnySubgraph[] = subgraphs): AnySubgraph[] {
  const known = list.filter((d) => d.plugin);
  const named = (name: string) => {
    const plugin = known.find((d) => d.name === name);
    if (!plugin) throw new Error(`unknown plug-in ${name} (known: ${known.map((d) => d.name).join(', ')})`);
    return plugin;
  };
  const excluded = new Set(without.map((name) => named(name).name));
  return (names ? names.map(named) : known).filter((d) => !excluded.has(d.name));
}

/** The definition of that name, or an error listing the known ones. */
export function subgraphNamed(name: string, list: AnySubgraph[] = subgraphs): AnySubgraph {
  const found = list.find((d) => d.name === name);
  if (!found) throw new Error(`unknown subgraph ${name} (known: ${list.map((d) => d.name).join(', ')})`);
  return found;
}

/** The embedded hub's call headers: tokens signed in-process with the gateway key for the subgraph's service identity. */
export const signedCallHeaders = (keys: IdentityKeys, definition: AnySubgraph): SubgraphRuntime['callHeaders'] => (audience) => () =>
  definition.calls ? identityHeaders(keys, definition.calls.identity, audience) : {};
