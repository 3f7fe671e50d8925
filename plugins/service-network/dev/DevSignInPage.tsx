/*
 * Development sign-in as one of the catalog's demo users, so one browser can
 * request a route as a developer and approve it as the platform team. The
 * choice is a cookie the backend's `devUsers` provider reads (cookies are not
 * port-scoped, so the one set here on :3000 reaches the backend on :7007).
 */
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { IdentityApi, SignInPageProps } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useState } from 'react';

const DEV_USER_COOKIE = 'service-network-dev-user';
const DEV_USERS_PROVIDER = 'devUsers';

const DEV_USERS = [
  { name: 'guest', about: 'team-a, the catalog guest user' },
  {
    name: 'developer',
    about: 'team-a: owns the demo services, exports them and requests routes',
  },
  {
    name: 'platform-admin',
    about: 'platform-team: approves and rejects route requests',
  },
];

function chosenUser(): string | undefined {
  const entry = document.cookie
    .split('; ')
    .find(cookie => cookie.startsWith(`${DEV_USER_COOKIE}=`));
  return entry && decodeURIComponent(entry.split('=')[1]);
}

function rememberUser(name: string | undefined) {
  document.cookie = name
    ? `${DEV_USER_COOKIE}=${encodeURIComponent(name)}; path=/; SameSite=Lax`
    : `${DEV_USER_COOKIE}=; path=/; max-age=0`;
}

/** The session, except that signing out also forgets the chosen user. */
function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      rememberUser(undefined);
      await identity.signOut();
    },
  };
}

function UserChooser(props: {
  error?: Error;
  onChoose: (name: string) => void;
}) {
  return (
    <Page themeId="home">
      <Header
        title="Service Network"
        subtitle="Development sign-in: choose who to be"
      />
      <Content>
        <Box maxWidth={640}>
          {props.error && (
            <Box mb={2}>
              <Alert severity="error">
                Sign-in failed: {props.error.message}
              </Alert>
            </Box>
          )}
          <InfoCard title="Sign in as">
            {DEV_USERS.map(user => (
              <Box key={user.name} display="flex" alignItems="center" mb={2}>
                <Box width={180}>
                  <Button
                    variant="contained"
                    color="primary"
                    fullWidth
                    onClick={() => props.onChoose(user.name)}
                  >
                    {user.name}
                  </Button>
                </Box>
                <Box ml={2}>
                  <Typography variant="body2">{user.about}</Typography>
                </Box>
              </Box>
            ))}
          </InfoCard>
        </Box>
      </Content>
    </Page>
  );
}

/**
 * Offers the demo users; once one is chosen (or remembered from before),
 * signs in as that user through the backend's `devUsers` provider.
 */
export function DevSignInPage(props: SignInPageProps) {
  const { onSignInSuccess } = props;
  const [user, setUser] = useState(chosenUser);
  // A new attempt mounts a new ProxiedSignInPage, which signs in on mount.
  const [attempt, setAttempt] = useState(0);
  const choose = useCallback((name: string) => {
    rememberUser(name);
    setUser(name);
    setAttempt(previous => previous + 1);
  }, []);
  const ErrorComponent = useCallback(
    ({ error }: { error?: Error }) => (
      <UserChooser error={error} onChoose={choose} />
    ),
    [choose],
  );

  if (!user) {
    return <UserChooser onChoose={choose} />;
  }
  return (
    <ProxiedSignInPage
      key={attempt}
      provider={DEV_USERS_PROVIDER}
      onSignInSuccess={identity =>
        onSignInSuccess(forgettingOnSignOut(identity))
      }
      ErrorComponent={ErrorComponent}
    />
  );
}
