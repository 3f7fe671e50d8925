/**
 * Catalog annotation that names the Kubernetes Service of an entity
 * explicitly, as `<namespace>/<name>`. It wins over the Kubernetes plugin's
 * annotations when both are present.
 *
 * @public
 */
export const SERVICE_NETWORK_SERVICE_ANNOTATION = 'service-network.io/service';

/**
 * The Kubernetes plugin's id annotation, reused as the Service name so that
 * entities already set up for that plugin need nothing new.
 *
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * The Kubernetes plugin's namespace annotation, reused as the Service namespace.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
