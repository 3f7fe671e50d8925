import { useEffect, useState } from 'react';

/** The current time, renewed every `intervalMs`, so relative times stay true. */
export function useNow(intervalMs: number = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
