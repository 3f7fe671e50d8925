/*
 * ServiceImport (application-networking.k8s.aws): the controller only holds a
 * finalizer on it; routes do all the resolving.
 */
import { FINALIZERS, RESOURCES } from './constants';
import { ControllerContext } from './context';
import {
  addFinalizer,
  getServed,
  isDeleting,
  removeFinalizer,
} from './kubeAccess';
import { ReconcileOutcome } from './queue';

export function reconcileServiceImport(
  ctx: ControllerContext,
  namespace: string,
  name: string,
): ReconcileOutcome {
  const serviceImport = getServed(
    ctx.store,
    RESOURCES.serviceImports,
    namespace,
    name,
  );
  if (!serviceImport) return 'done';
  if (isDeleting(serviceImport)) {
    removeFinalizer(
      ctx.store,
      RESOURCES.serviceImports,
      serviceImport,
      FINALIZERS.serviceImport,
    );
  } else {
    addFinalizer(
      ctx.store,
      RESOURCES.serviceImports,
      serviceImport,
      FINALIZERS.serviceImport,
    );
  }
  return 'done';
}
