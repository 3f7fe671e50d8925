/** How long ago a moment was, in the largest whole unit: "12 s ago", "3 min ago". */
export function timeAgo(moment: string | Date, now: Date): string {
  const seconds = Math.max(
    0,
    Math.floor((now.getTime() - new Date(moment).getTime()) / 1000),
  );
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.floor(hours / 24)} days ago`;
}

/** A moment as local date and time, with how long ago it was. */
export function timeAndAgo(moment: string | Date, now: Date): string {
  const date = new Date(moment);
  const sameDay = date.toDateString() === now.toDateString();
  const clock = sameDay ? date.toLocaleTimeString() : date.toLocaleString();
  return `${clock} (${timeAgo(date, now)})`;
}
