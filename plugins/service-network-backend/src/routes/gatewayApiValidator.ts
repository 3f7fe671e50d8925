/*
 * Checks planned routes against the Gateway API JSON schemas, through
 * @kubernetes-models/gateway-api (generated from the upstream Go types).
 * The package is ESM-only; the backend is CommonJS, so it is loaded with a
 * dynamic import, once per process.
 */
import type { KubeObjectManifest } from '@service-network/backstage-plugin-service-network-common';

/** Schema violations of one object, each naming the field; empty when valid. */
export type GatewayApiValidator = (object: KubeObjectManifest) => string[];

interface ModelError {
  instancePath?: string;
  message?: string;
}

type ModelClass = new (data: KubeObjectManifest) => { validate(): void };

let loading: Promise<GatewayApiValidator> | undefined;

async function load(): Promise<GatewayApiValidator> {
  // One after the other: they share modules, and jest's ESM loader fails on concurrent imports of those.
  const { HTTPRoute } = await import(
    '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute'
  );
  const { GRPCRoute } = await import(
    '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GRPCRoute'
  );
  const { TLSRoute } = await import(
    '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/TLSRoute'
  );
  const models: Record<string, ModelClass> = {
    HTTPRoute: HTTPRoute as unknown as ModelClass,
    GRPCRoute: GRPCRoute as unknown as ModelClass,
    TLSRoute: TLSRoute as unknown as ModelClass,
  };
  return object => {
    const Model = models[object.kind];
    if (!Model || object.apiVersion !== 'gateway.networking.k8s.io/v1') {
      return [
        `${object.apiVersion} ${object.kind} is not a Gateway API route this validator knows`,
      ];
    }
    try {
      new Model(object).validate();
      return [];
    } catch (error) {
      const errors: ModelError[] = (error as { errors?: ModelError[] })
        .errors ?? [{ message: String(error) }];
      return errors.map(
        e =>
          `${object.kind} ${
            (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') ||
            '(root)'
          } ${e.message}`,
      );
    }
  };
}

/** The Gateway API validator, loaded on first use. */
export function loadGatewayApiValidator(): Promise<GatewayApiValidator> {
  loading ??= load();
  return loading;
}
