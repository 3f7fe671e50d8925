/*
 * The same dev stack in the new frontend system: the catalog plugin and ours
 * from `./alpha`, as an app installs them, with the dev sign-in. Chosen with
 * `?frontend=new` (see index.tsx).
 */
import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import serviceNetworkPlugin from '../src/alpha';
import { DevSignInPage } from './DevSignInPage';
// The dev app stands for an app, which imports this (create-app's index.tsx does).
// eslint-disable-next-line @backstage/no-ui-css-imports-in-non-frontend
import '@backstage/ui/css/styles.css';

// Replaces the app's own sign-in page (same id: sign-in-page:app).
const devSignIn = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: { loader: async () => DevSignInPage },
    }),
  ],
});

export const newFrontendSystemApp = createApp({
  features: [catalogPlugin, serviceNetworkPlugin, devSignIn],
});
