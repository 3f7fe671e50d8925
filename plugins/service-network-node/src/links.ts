import type { Config } from '@backstage/config';

/**
 * A page of the app: its path inside the app (what notifications and
 * scaffolder outputs link to; the app resolves it against its own base) and
 * the same as an absolute URL (for email or chat), from `app.baseUrl`.
 *
 * @public
 */
export interface AppLink {
  path: string;
  /** Absolute when `app.baseUrl` is configured, else the path. */
  url: string;
}

/** One extension of the new frontend system: its id and its path when app-config does not set one. */
interface RoutedExtension {
  id: string;
  defaultPath: string;
}

/**
 * Where the Service Network frontend shows route requests: a sub-page of the
 * plugin's page. The ids and default paths are those of the frontend
 * package's `./alpha` extensions; a legacy app that mounts
 * `ServiceNetworkRequestsPage` keeps to the same default path.
 */
const PLUGIN_PAGE: RoutedExtension = {
  id: 'page:service-network',
  defaultPath: '/service-network',
};
const REQUESTS_SUB_PAGE: RoutedExtension = {
  id: 'sub-page:service-network/requests',
  defaultPath: 'requests',
};

interface ExtensionSettings {
  disabled: boolean;
  path?: string;
}

/**
 * What `app.extensions` says about one extension, read the way the new
 * frontend system reads it: entries are `id`, `{ id: boolean }` or
 * `{ id: { disabled, config } }`, and a later entry wins.
 */
function extensionSettings(config: Config, id: string): ExtensionSettings {
  const entries = config.getOptional('app.extensions');
  const settings: ExtensionSettings = { disabled: false };
  if (!Array.isArray(entries)) return settings;
  for (const entry of entries) {
    if (entry === id) {
      settings.disabled = false;
    } else if (
      entry &&
      typeof entry === 'object' &&
      !Array.isArray(entry) &&
      id in entry
    ) {
      const value = entry[id];
      if (typeof value === 'boolean') {
        settings.disabled = !value;
      } else if (value && typeof value === 'object' && !Array.isArray(value)) {
        if (typeof value.disabled === 'boolean')
          settings.disabled = value.disabled;
        const path = (value.config as { path?: unknown } | undefined)?.path;
        if (typeof path === 'string') settings.path = path;
      }
    }
  }
  return settings;
}

function joinPaths(parent: string, child: string): string {
  const segments = [parent, child]
    .flatMap(part => part.split('/'))
    .filter(Boolean);
  return `/${segments.join('/')}`;
}

/**
 * The app's links to Service Network pages, for what the backend and its
 * modules send (notifications, scaffolder outputs). A backend cannot see the
 * app's route refs; it reads the app-config the app is built from: where the
 * new frontend system's app-config moves or disables the pages
 * (`app.extensions`), the links follow; otherwise they use the pages'
 * default paths, which a legacy app mounting the pages keeps to.
 *
 * @public
 */
export class ServiceNetworkAppLinks {
  /** Reads `app.baseUrl` and the Service Network entries of `app.extensions`. */
  static fromConfig(config: Config): ServiceNetworkAppLinks {
    const page = extensionSettings(config, PLUGIN_PAGE.id);
    const requests = extensionSettings(config, REQUESTS_SUB_PAGE.id);
    const requestsPath =
      page.disabled || requests.disabled
        ? undefined
        : joinPaths(
            page.path ?? PLUGIN_PAGE.defaultPath,
            requests.path ?? REQUESTS_SUB_PAGE.defaultPath,
          );
    return new ServiceNetworkAppLinks(
      config.getOptionalString('app.baseUrl')?.replace(/\/+$/, ''),
      requestsPath,
    );
  }

  private constructor(
    private readonly baseUrl: string | undefined,
    private readonly requestsPath: string | undefined,
  ) {}

  /** The route requests page; undefined when the app-config disables it. */
  routeRequests(): AppLink | undefined {
    return this.requestsPath === undefined
      ? undefined
      : this.link(this.requestsPath);
  }

  /** One request on the route requests page (the page scrolls to its card). */
  routeRequest(id: string): AppLink | undefined {
    return this.requestsPath === undefined
      ? undefined
      : this.link(`${this.requestsPath}#request-${encodeURIComponent(id)}`);
  }

  private link(path: string): AppLink {
    return { path, url: this.baseUrl ? `${this.baseUrl}${path}` : path };
  }
}
