import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  SERVICE_NETWORK_SERVICE_ANNOTATION,
} from './annotations';

/**
 * A Kubernetes Service, by namespace and name. The same pair names the
 * Service in every cluster, as the MCS "namespace sameness" rule requires.
 *
 * @public
 */
export interface ServiceRef {
  namespace: string;
  name: string;
}

const DEFAULT_NAMESPACE = 'default';
// Namespaces are DNS-1123 labels; Service names are the stricter DNS-1035 labels.
const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SERVICE_NAME_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The Kubernetes Service an entity stands for.
 *
 * The `service-network.io/service` annotation (`<namespace>/<name>`) wins;
 * otherwise `backstage.io/kubernetes-namespace` (default `default`) and
 * `backstage.io/kubernetes-id` (default: the entity name) are used.
 *
 * @throws InputError when the result is not a valid Kubernetes namespace and
 *   Service name, so a typo in an annotation is reported instead of silently
 *   matching nothing.
 * @public
 */
export function serviceRefForEntity(entity: Entity): ServiceRef {
  const annotations = entity.metadata.annotations ?? {};
  const override = annotations[SERVICE_NETWORK_SERVICE_ANNOTATION]?.trim();
  if (override !== undefined) {
    const parts = override.split('/');
    if (parts.length !== 2) {
      throw new InputError(
        `Annotation ${SERVICE_NETWORK_SERVICE_ANNOTATION} must be <namespace>/<name>, got '${override}'`,
      );
    }
    return validated({ namespace: parts[0], name: parts[1] }, entity);
  }
  return validated(
    {
      namespace:
        annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim() ||
        DEFAULT_NAMESPACE,
      name:
        annotations[KUBERNETES_ID_ANNOTATION]?.trim() || entity.metadata.name,
    },
    entity,
  );
}

function validated(ref: ServiceRef, entity: Entity): ServiceRef {
  const hint = `set the ${SERVICE_NETWORK_SERVICE_ANNOTATION} annotation of ${entity.metadata.name} to <namespace>/<name>`;
  if (!NAMESPACE_PATTERN.test(ref.namespace)) {
    throw new InputError(
      `'${ref.namespace}' is not a valid Kubernetes namespace; ${hint}`,
    );
  }
  if (!SERVICE_NAME_PATTERN.test(ref.name)) {
    throw new InputError(
      `'${ref.name}' is not a valid Kubernetes Service name; ${hint}`,
    );
  }
  return ref;
}

/**
 * Whether Service Network applies to an entity: Components of type `service`
 * (mapped by name), plus any entity that names its Service through one of
 * the annotations, so e.g. a Resource can opt in explicitly.
 *
 * Use it in an `EntitySwitch` to show the card and tab only where they fit.
 *
 * @public
 */
export function isServiceNetworkAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  const annotated = [
    SERVICE_NETWORK_SERVICE_ANNOTATION,
    KUBERNETES_ID_ANNOTATION,
    KUBERNETES_NAMESPACE_ANNOTATION,
  ].some(key => Boolean(annotations[key]));
  return (
    annotated ||
    (entity.kind === 'Component' && entity.spec?.type === 'service')
  );
}
