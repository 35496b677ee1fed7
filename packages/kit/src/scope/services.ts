/** A data class's name (policy.ts's `DataClass`), and a service's reach into it: all of it or none. */
type ClassName = string;
type ServiceReach = 'all' | 'none';

/**
 * What one service identity (role SERVICE, e.g. `service:complex`) may do: exactly the calls its subgraph makes,
 * never an administrator's reach. A subgraph declares them with its calls (`SubgraphDefinition.calls.grants`); a
 * SERVICE identity whose subject declared nothing may do nothing at all.
 */
export interface ServiceGrants {
  /** Actions it performs (`event.report.DEVICE`…), as registered in actions.ts. */
  actions: string[];
  /** Classes of data it reads, and how far (`all` or `none`: a service has no home of its own). */
  reach?: Partial<Record<ClassName, ServiceReach>>;
  /** Classes of data it writes (e.g. places events in any grid), and how far. */
  write?: Partial<Record<ClassName, ServiceReach>>;
}

const grants = new Map<string, ServiceGrants>();

/** Declares what the service identity `subject` may do; declaring it again differently is refused at start-up. */
export function registerServiceGrants(subject: string, granted: ServiceGrants): void {
  const known = grants.get(subject);
  const normal = { actions: [...granted.actions].sort(), reach: { ...granted.reach }, write: { ...granted.write } };
  if (known && JSON.stringify(known) !== JSON.stringify(normal)) throw new Error(`service ${subject} already has other grants`);
  grants.set(subject, normal);
}

/** The grants of a service subject (nothing for an unknown one). */
export const serviceGrantsOf = (subject: string): ServiceGrants | undefined => grants.get(subject);

/** Every declared service and its grants (docs, tests). */
export const registeredServices = (): ReadonlyMap<string, ServiceGrants> => grants;
