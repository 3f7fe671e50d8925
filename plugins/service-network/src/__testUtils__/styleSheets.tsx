/*
 * Each rendered app gets its own Material UI style sheets, removed when the
 * test ends. makeStyles attaches sheets while rendering and detaches them in
 * an effect: renders React discards (Suspense around lazy extensions) never
 * run that effect, so their sheets stay in document.head. In jsdom every
 * role query and visibility check computes styles through all sheets left,
 * and a file of whole-app tests grew slower with each test (hundreds of
 * sheets by the last). With a style manager per app, no later app can
 * reuse a sheet detached here, so removing them changes nothing it shows.
 */
import { StylesProvider } from '@material-ui/core/styles';
import { cleanup } from '@testing-library/react';
import { ReactNode, useState } from 'react';

/** What makeStyles hands the registry: a JSS style sheet. */
interface Sheet {
  detach(): void;
}

const attached = new Set<Sheet>();

// Outside server-side rendering makeStyles calls only add and remove.
const registry = {
  add: (sheet: Sheet) => attached.add(sheet),
  remove: (sheet: Sheet) => attached.delete(sheet),
};

/** Wraps an app so that its style sheets are its own. */
export function OwnStyleSheets({ children }: { children: ReactNode }) {
  const [sheetsManager] = useState(() => new Map());
  return (
    <StylesProvider sheetsManager={sheetsManager} sheetsRegistry={registry}>
      {children}
    </StylesProvider>
  );
}

afterEach(() => {
  // The app first (cleanup runs once: again later it finds nothing), then what it left behind.
  cleanup();
  for (const sheet of attached) sheet.detach();
  attached.clear();
});
