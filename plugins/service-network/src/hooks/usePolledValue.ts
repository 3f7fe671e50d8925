import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** How often pages ask the backend again while the browser tab is visible. */
export const POLL_INTERVAL_MS = 10_000;

/** How often a page asks while it follows a change the user just made. */
export const FOLLOW_INTERVAL_MS = 2_000;

/** A value loaded from the backend and kept fresh by polling. */
export interface PolledValue<T> {
  /** The last value received; kept when a later refresh fails. */
  value?: T;
  /** The error of the last attempt, cleared by the next success. */
  error?: Error;
  /** True until the first answer, value or error. */
  loading: boolean;
  /** True while a request is in flight. */
  refreshing: boolean;
  /** When `value` arrived. */
  updatedAt?: Date;
  /** Ask again now. */
  refresh: () => void;
}

type State<T> = Omit<PolledValue<T>, 'refresh'>;

/** A fixed interval, or one chosen from the latest value (e.g. faster while something settles). */
export type PollInterval<T> = number | ((value: T | undefined) => number);

const INITIAL = { loading: true, refreshing: true };

function isVisible(): boolean {
  return document.visibilityState === 'visible';
}

/**
 * Loads a value, then loads it again every `interval` while the page is
 * visible, and at once when it becomes visible again. A hidden tab does not
 * poll, and an answer to an outdated request (the dependencies changed, or a
 * newer refresh started) is dropped.
 */
export function usePolledValue<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  interval: PollInterval<T> = POLL_INTERVAL_MS,
): PolledValue<T> {
  const [state, setState] = useState<State<T>>(INITIAL);
  const latestRequest = useRef(0);
  const inFlight = useRef(false);
  // The caller's deps decide when `load` means something new.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const currentLoad = useCallback(load, deps);

  const refresh = useCallback(() => {
    const request = ++latestRequest.current;
    const isLatest = () => request === latestRequest.current;
    inFlight.current = true;
    setState(previous => ({ ...previous, refreshing: true }));
    currentLoad().then(
      value => {
        if (isLatest()) {
          inFlight.current = false;
          setState({
            value,
            loading: false,
            refreshing: false,
            updatedAt: new Date(),
          });
        }
      },
      error => {
        if (isLatest()) {
          inFlight.current = false;
          setState(previous => ({
            ...previous,
            error,
            loading: false,
            refreshing: false,
          }));
        }
      },
    );
  }, [currentLoad]);

  useEffect(() => {
    setState(INITIAL);
    refresh();
    return () => {
      latestRequest.current += 1;
      inFlight.current = false;
    };
  }, [refresh]);

  const intervalMs =
    typeof interval === 'function' ? interval(state.value) : interval;
  // Apart from the load above, so a new interval keeps the value on screen.
  useEffect(() => {
    const poll = () => {
      if (isVisible() && !inFlight.current) {
        refresh();
      }
    };
    const timer = setInterval(poll, intervalMs);
    document.addEventListener('visibilitychange', poll);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', poll);
    };
  }, [refresh, intervalMs]);

  return { ...state, refresh };
}
