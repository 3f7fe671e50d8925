/*
 * References to the objects findings talk about, so the frontend can link
 * to them or show `kubectl` commands.
 */
import {
  Finding,
  KINDS,
  KindDescriptor,
  ObjectRef,
  ServiceRef,
  apiVersionOf,
} from '@service-network/backstage-plugin-service-network-common';

export function kubeRef(
  kind: KindDescriptor,
  cluster: string,
  namespace: string,
  name: string,
): ObjectRef {
  return {
    cluster,
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    namespace,
    name,
  };
}

/** What a finding about the Service in one cluster names: that cluster and the Service there. */
export function aboutService(
  cluster: string,
  service: ServiceRef,
): Required<Pick<Finding, 'cluster' | 'objectRefs'>> {
  return {
    cluster,
    objectRefs: [kubeRef(KINDS.service, cluster, service.namespace, service.name)],
  };
}

export function latticeRef(
  kind: 'LatticeTargetGroup' | 'LatticeService' | 'LatticeServiceNetwork',
  name: string,
  arn?: string,
): ObjectRef {
  return { kind, name, arn };
}

/** `kubectl` addresses custom resources by plural and group to avoid the ServiceExport ambiguity. */
export function kubectlResource(kind: KindDescriptor): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}
