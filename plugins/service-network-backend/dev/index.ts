import { createBackend } from '@backstage/backend-defaults';

// A complete enough backend for local work and the end-to-end tests: guest
// sign-in, a catalog seeded from app-config, the scaffolder with our actions,
// allow-all permissions, and Service Network itself.
const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@internal/plugin-scaffolder-backend-module-service-network'),
);
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('../src'));

backend.start();
