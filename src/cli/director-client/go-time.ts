/** The time formats bosh-cli prints (ui/fmt/time.go), always in UTC as the CLI converts them. */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => n.toString().padStart(2, '0');

/** `15:04:05` of a Unix time in seconds. */
export function hoursOf(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** time.UnixDate, `Mon Jan _2 15:04:05 MST 2006` (day padded with a space): `Thu Feb  6 19:16:15 UTC 2017`. */
export function unixDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const day = d.getUTCDate().toString().padStart(2, ' ');
  return `${DAYS[d.getUTCDay()] ?? ''} ${MONTHS[d.getUTCMonth()] ?? ''} ${day} ${hoursOf(unixSeconds)} UTC ${d.getUTCFullYear().toString()}`;
}

/** ui/fmt Duration: whole seconds as `HH:MM:SS` (hours not capped). */
export function durationOf(seconds: number): string {
  const total = Math.floor(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total - hours * 3600) / 60);
  const secs = total - hours * 3600 - minutes * 60;
  return `${two(hours)}:${two(minutes)}:${two(secs)}`;
}

/** A table time cell (ValueTime): empty for the zero time and for Unix time 0. */
export function timeCell(unixSeconds: number): string {
  return unixSeconds === 0 ? '' : unixDate(unixSeconds);
}
