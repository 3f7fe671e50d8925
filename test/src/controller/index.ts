export { startControllerSimulator, settleControllers } from './controller';
export type {
  ControllerSimulator,
  ControllerSimulatorOptions,
} from './controller';
export type { PeerService, PeerServices } from './mcs';
