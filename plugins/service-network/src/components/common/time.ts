/** A length of time in its largest whole unit: "12 s", "3 min", "5 h", "3 days". */
function durationWords(seconds: number): string {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h`;
  }
  return `${Math.floor(hours / 24)} days`;
}

function secondsBetween(from: string | Date, to: string | Date): number {
  return Math.max(
    0,
    Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 1000),
  );
}

/** How long ago a moment was, in the largest whole unit: "12 s ago", "3 min ago". */
export function timeAgo(moment: string | Date, now: Date): string {
  return `${durationWords(secondsBetween(moment, now))} ago`;
}

/** How far off a future moment is: "in 3 days". */
function timeUntil(moment: string | Date, now: Date): string {
  return `in ${durationWords(secondsBetween(now, moment))}`;
}

function clockOf(date: Date, now: Date): string {
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

/** A moment as local date and time, with how long ago it was. */
export function timeAndAgo(moment: string | Date, now: Date): string {
  const date = new Date(moment);
  return `${clockOf(date, now)} (${timeAgo(date, now)})`;
}

/** A future moment as local date and time, with how far off it is. */
export function timeAndUntil(moment: string | Date, now: Date): string {
  const date = new Date(moment);
  return `${clockOf(date, now)} (${timeUntil(date, now)})`;
}
