export { callerOwnership } from './callerOwnership';
export {
  DEFAULT_PROTECTED_NAMESPACES,
  entityOwnerOf,
  NamespaceGuard,
} from './namespaceGuard';
export type {
  NamespaceGuardSettings,
  NamespaceOwnersRule,
  NamespaceVerdict,
  NamespaceWrite,
} from './namespaceGuard';
