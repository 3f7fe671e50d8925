import { createBackend } from '@backstage/backend-defaults';
import { devUsersAuthModule } from './devUsersAuthModule';

// A complete enough backend for local work and the end-to-end tests: sign-in
// as guest or as any catalog User (see devUsersAuthModule), a catalog seeded
// from app-config, the scaffolder with our actions, notifications (route
// request decisions reach the requester), the example permission policy an
// adopter copies (owners export, the platform team approves), Service
// Network itself, and the MCP server that offers its actions to AI
// assistants (app-config: mcpActions).
const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(devUsersAuthModule);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@service-network/backstage-plugin-scaffolder-backend-module-service-network'),
);
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
// The file adopters copy into their backend, run as it is (it belongs to no package).
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
backend.add(import('../../../examples/permission-policy/permissionPolicy'));
backend.add(import('../src'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
