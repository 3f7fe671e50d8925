import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { serviceNetworkApiRef } from '../../api';

/**
 * Tells the user whether the Service Network backend answers, and lets them
 * ask again (the backend often starts after the app in development).
 */
export function ServiceNetworkStatusBanner() {
  const api = useApi(serviceNetworkApiRef);
  const { loading, error, retry } = useAsyncRetry(() => api.getHealth(), [api]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <Box>
        <ResponseErrorPanel
          title="The Service Network backend does not answer"
          error={error}
        />
        <Button variant="outlined" onClick={retry}>
          Retry
        </Button>
      </Box>
    );
  }
  return <Alert severity="success">The Service Network backend is up.</Alert>;
}
