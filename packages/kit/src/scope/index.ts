export {
  DataClass, READ_ONLY_ROLES, scopeOf, reachOf, policyOf, dataClasses, registerDataClass, registerOwnerKind, setHomeKinds,
  type DataClassPolicy, type OwnerKind, type OwnerReach, type Reach, type Scope,
} from './policy';
export { applyScope, inScope, scopeCondition, type ScopeColumns, type ScopedRow } from './filter';
export { visible, found, requireReach } from './guard';
export { Action, can, requireAction, registerAction, registeredActions } from './actions';
export { registerServiceGrants, serviceGrantsOf, registeredServices, type ServiceGrants } from './services';
