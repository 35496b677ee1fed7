export { DataClass, ACCESS_POLICY, READ_ONLY_ROLES, scopeOf, type Reach, type Scope } from './policy';
export { applyScope, inScope, scopeCondition, type ScopeColumns, type ScopedRow } from './filter';
export {
  visible, requireVisible, requireReach, requireWritable, requireWritableTarget, onlyVisible, scopedReference,
} from './guard';
