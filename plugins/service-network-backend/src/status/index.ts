export { composeEntityStatus } from './composeEntityStatus';
export type { ComposeEntityStatusInput } from './composeEntityStatus';
export { composeFleetOverview } from './composeFleetOverview';
