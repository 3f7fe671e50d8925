/*
 * metav1.Condition bookkeeping, as apimachinery's meta.SetStatusCondition does it:
 * lastTransitionTime moves only when the status changes.
 */

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export type ConditionUpdate = Omit<Condition, 'lastTransitionTime'>;

/** Kubernetes serialises metav1.Time with second precision. */
export function kubeTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function setConditions(
  existing: Condition[] | undefined,
  updates: ConditionUpdate[],
  now: Date,
): Condition[] {
  const result = [...(existing ?? [])];
  for (const update of updates) {
    const index = result.findIndex(c => c.type === update.type);
    const previous = index >= 0 ? result[index] : undefined;
    const lastTransitionTime =
      previous && previous.status === update.status
        ? previous.lastTransitionTime
        : kubeTime(now);
    const next: Condition = {
      type: update.type,
      status: update.status,
      ...(update.observedGeneration !== undefined
        ? { observedGeneration: update.observedGeneration }
        : {}),
      lastTransitionTime,
      reason: update.reason,
      message: update.message,
    };
    if (index >= 0) result[index] = next;
    else result.push(next);
  }
  return result;
}

export function findCondition(
  conditions: Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find(c => c.type === type);
}
