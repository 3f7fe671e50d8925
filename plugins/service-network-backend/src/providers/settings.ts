/*
 * Which providers a cluster runs, as app-config or a cluster-supplying
 * module says: `providers: [aws-gateway-controller, {name: mcs,
 * implementation: cilium}]`. Without it a cluster runs the AWS Gateway API
 * Controller, as before providers existed; the older `serviceExportApi`
 * (`aws` or `mcs`) still names one provider.
 */
import {
  MCS_IMPLEMENTATIONS,
  McsImplementation,
  PROVIDER_IDS,
  ProviderId,
  ProviderSetting,
} from '@service-network/backstage-plugin-service-network-common';

export const DEFAULT_PROVIDERS: readonly ProviderSetting[] = [
  { id: 'aws-gateway-controller' },
];

const LEGACY_API: Record<string, ProviderSetting> = {
  aws: { id: 'aws-gateway-controller' },
  mcs: { id: 'mcs', implementation: 'generic' },
};

function choices(values: readonly string[]): string {
  const quoted = values.map(value => JSON.stringify(value));
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function readEntry(
  entry: unknown,
  key: string,
  problems: string[],
): ProviderSetting | undefined {
  const raw =
    typeof entry === 'string'
      ? { name: entry }
      : (entry as { name?: unknown; implementation?: unknown } | null);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(
      `${key} must be a provider name or {name, implementation}, got ${JSON.stringify(
        entry,
      )}`,
    );
    return undefined;
  }
  if (!PROVIDER_IDS.includes(raw.name as ProviderId)) {
    problems.push(
      `${key}: the provider must be ${choices(
        PROVIDER_IDS,
      )}, got ${JSON.stringify(raw.name)}`,
    );
    return undefined;
  }
  const id = raw.name as ProviderId;
  if (raw.implementation === undefined) {
    return id === 'mcs' ? { id, implementation: 'generic' } : { id };
  }
  if (id !== 'mcs') {
    problems.push(
      `${key}.implementation applies to the mcs provider only; ${id} has none`,
    );
    return undefined;
  }
  if (!MCS_IMPLEMENTATIONS.includes(raw.implementation as McsImplementation)) {
    problems.push(
      `${key}.implementation must be ${choices(
        MCS_IMPLEMENTATIONS,
      )}, got ${JSON.stringify(raw.implementation)}`,
    );
    return undefined;
  }
  return { id, implementation: raw.implementation as McsImplementation };
}

/**
 * The cluster's providers, or undefined after adding the problems (each
 * naming `key`, the cluster entry) to `problems`.
 */
export function readProviderSettings(
  raw: { providers?: unknown; serviceExportApi?: unknown },
  key: string,
  problems: string[],
): ProviderSetting[] | undefined {
  const { providers, serviceExportApi } = raw;
  if (providers !== undefined && serviceExportApi !== undefined) {
    problems.push(
      `${key} sets both providers and serviceExportApi: keep providers (serviceExportApi: mcs is providers: [mcs])`,
    );
    return undefined;
  }
  if (serviceExportApi !== undefined) {
    const legacy = LEGACY_API[String(serviceExportApi)];
    if (!legacy) {
      problems.push(
        `${key}.serviceExportApi must be "aws" or "mcs", got ${JSON.stringify(
          serviceExportApi,
        )}`,
      );
      return undefined;
    }
    return [legacy];
  }
  if (providers === undefined) return [...DEFAULT_PROVIDERS];
  if (!Array.isArray(providers) || providers.length === 0) {
    problems.push(
      `${key}.providers must be a non-empty list of providers (${choices(
        PROVIDER_IDS,
      )})`,
    );
    return undefined;
  }
  const before = problems.length;
  const settings = providers.flatMap(
    (entry, index) =>
      readEntry(entry, `${key}.providers[${index}]`, problems) ?? [],
  );
  const ids = settings.map(setting => setting.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length) {
    problems.push(
      `${key}.providers names ${[...new Set(repeated)].join(
        ', ',
      )} more than once`,
    );
  }
  return problems.length === before ? settings : undefined;
}
