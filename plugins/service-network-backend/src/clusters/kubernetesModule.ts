/*
 * @kubernetes/client-node is ESM-only; the backend is CommonJS, so it is
 * loaded with a dynamic import, once per process.
 */
export type KubernetesModule = typeof import('@kubernetes/client-node');

let loading: Promise<KubernetesModule> | undefined;

export function loadKubernetesModule(): Promise<KubernetesModule> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
