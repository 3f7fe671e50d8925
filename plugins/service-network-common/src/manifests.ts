/**
 * A Kubernetes object as we write it (apply configuration): what previews
 * show and what server-side apply sends.
 *
 * @public
 */
export interface KubeObjectManifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}
