// `now()` (SPEC §2, Conduit): a UTC datetime. It prints as ISO-8601 with whole seconds and `Z`
// (`2024-05-01T12:34:56Z`); `.timestamp()` is integer seconds; `.isoformat()` is Python's
// aware-datetime form (`2024-05-01T12:34:56.789000+00:00`, fraction omitted when zero);
// `.strftime(fmt)` follows C/Python directives in UTC; .year … .microsecond are readable.
import { PyDateTime } from './py-values.js';
import { valueError } from './render-errors.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function dateTimeString(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

export function isoFormat(d: Date): string {
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${base}${ms === 0 ? '' : `.${pad(ms * 1000, 6)}`}+00:00`;
}

export function timestampSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

function dayOfYear(d: Date): number {
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - start) / 86_400_000) + 1;
}

/** Week number of the year, weeks starting on `firstDay` (0 Sunday for %U, 1 Monday for %W). */
function weekOfYear(d: Date, firstDay: number): number {
  const yday = dayOfYear(d) - 1;
  const wday = (d.getUTCDay() - firstDay + 7) % 7;
  return Math.floor((yday + 7 - wday) / 7);
}

export function strftime(d: Date, format: string): string {
  return format.replace(/%([-]?)(.)/g, (whole, noPad: string, directive: string) => {
    const p = (n: number, w = 2): string => (noPad === '-' ? String(n) : pad(n, w));
    const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
    switch (directive) {
      case 'Y':
        return String(d.getUTCFullYear());
      case 'y':
        return p(d.getUTCFullYear() % 100);
      case 'm':
        return p(d.getUTCMonth() + 1);
      case 'd':
        return p(d.getUTCDate());
      case 'e':
        return String(d.getUTCDate()).padStart(2, ' ');
      case 'H':
        return p(d.getUTCHours());
      case 'I':
        return p(hour12);
      case 'M':
        return p(d.getUTCMinutes());
      case 'S':
        return p(d.getUTCSeconds());
      case 'f':
        return pad(d.getUTCMilliseconds() * 1000, 6);
      case 'p':
        return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'a':
        return DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'A':
        return DAYS[d.getUTCDay()]!;
      case 'b':
      case 'h':
        return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case 'B':
        return MONTHS[d.getUTCMonth()]!;
      case 'j':
        return p(dayOfYear(d), 3);
      case 'w':
        return String(d.getUTCDay());
      case 'u':
        return String(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
      case 'U':
        return p(weekOfYear(d, 0));
      case 'W':
        return p(weekOfYear(d, 1));
      case 'z':
        return '+0000';
      case 'Z':
        return 'UTC';
      case 's':
        return String(timestampSeconds(d));
      case 'F':
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      case 'T':
        return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      case 'D':
        return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`;
      case 'R':
        return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      case 'c':
        return `${DAYS[d.getUTCDay()]!.slice(0, 3)} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
      case 'x':
        return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`;
      case 'X':
        return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        throw valueError(`Invalid format string: unsupported directive ${whole}`);
    }
  });
}

/** `now().year` and friends (null: no such attribute). */
export function dateTimeAttribute(dt: PyDateTime, name: string): unknown {
  const d = dt.date;
  switch (name) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'microsecond':
      return d.getUTCMilliseconds() * 1000;
    default:
      return null;
  }
}
